/**
 * Does drawing credit reports leak? `node --expose-gc --import tsx bench/report-memory.ts [--reports 10000]`
 *
 * Draws `reports` PDFs in this process, every one a different report of 10 records (its own
 * number, time, digest and record texts, as real ones are), and prints the V8 heap after a full GC
 * every 1,000 reports, with the RSS: flat heap means the process-wide font and layout caches are
 * bounded and nothing else is kept. (bench/reports.ts measures the whole path; RSS alone there
 * cannot tell a leak from a heap V8 has not collected yet.)
 */
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { canonicalize, digestOf } from '../lib/reports/canonical.ts';
import type { ReportDocument } from '../lib/reports/document.ts';
import { renderReportPdf } from '../lib/reports/pdf.ts';
import { reportSigner } from '../lib/reports/signing.ts';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '10000' } } });
const TOTAL = Number(values.reports);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const signer = reportSigner(generateKeyPairSync('ed25519').privateKey, 'report-bench');
const VIOLATIONS = ['未按规定公示年度报告', '公众聚集场所未经消防安全检查，擅自投入使用、营业', '销售不符合食品安全标准的食品', '未取得排污许可证排放污染物'];

function report(i: number): ReportDocument {
  const at = new Date(Date.UTC(2026, 11, 7, 3, 0, 0) + i * 1000);
  return {
    format: 'creditgraph/credit-report@1', number: `E20261207${String(i).padStart(8, '0')}`, issuedAt: at.toISOString(), asOf: '2026-12-07',
    purpose: 'TENDERING', issuer: { kind: 'INSTITUTION', id: 'i-1', name: '深圳市诚信征信服务有限公司' },
    subject: { kind: 'ENTERPRISE', id: `9144030${String(i).padStart(10, '0')}X`, name: `深圳市第${i}号测试科技有限公司` },
    profile: { registeredName: `深圳市第${i}号测试科技有限公司`, entityType: '有限责任公司', establishedOn: '2015-03-01', registeredCapital: 1_000_000 + i },
    summary: { ratingGrade: 'B2', ratingScore: 68, sanctionsStatus: 'NONE' },
    sections: [{ key: 'penalties', kind: 'records', records: Array.from({ length: 10 }, (_, k) => ({
      id: `pen-${i}-${k}`, violation: VIOLATIONS[(i + k) % VIOLATIONS.length]!, penaltyType: '罚款', amount: 1000 * (k + 1) + i,
      documentNumber: `深市监罚〔2026〕${i * 10 + k}号`, decisionDate: '2026-03-01', publicityEndDate: '2029-03-01', disclosure: 'PUBLISHED',
      underObjection: false, severity: 'GENERAL', domain: 'GENERAL', sourceDepartment: '深圳市市场监督管理局',
    })) }],
  };
}

const mb = (n: number) => Math.round(n / 1048576);
const t = performance.now();
const cpu = process.cpuUsage();
for (let i = 1; i <= TOTAL; i++) {
  const doc = report(i);
  const canonical = canonicalize(doc);
  await renderReportPdf({ report: doc, digest: digestOf(canonical), signature: signer.sign(canonical) });
  if (i % 1000 === 0) {
    gc();
    const m = process.memoryUsage();
    console.log(`${i} reports: heap after GC ${mb(m.heapUsed)} MB, RSS ${mb(m.rss)} MB`);
  }
}
const used = process.cpuUsage(cpu);
console.log(`${TOTAL} PDFs in ${((performance.now() - t) / 1000).toFixed(1)} s, ${((used.user + used.system) / 1000 / TOTAL).toFixed(1)} ms of CPU each`);
