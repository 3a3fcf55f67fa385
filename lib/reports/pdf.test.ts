import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { readPdf } from '../../tests/support/pdf-text.ts';
import { canonicalize, digestOf } from './canonical.ts';
import type { ReportDocument, ReportEnvelope } from './document.ts';
import { missingGlyphs, renderReportPdf } from './pdf.ts';
import { reportSigner } from './signing.ts';

const report: ReportDocument = {
  format: 'creditgraph/credit-report@1',
  number: 'E2026120700000042',
  issuedAt: '2026-12-07T03:04:05.000Z',
  asOf: '2026-12-07',
  purpose: 'TENDERING',
  issuer: { kind: 'INSTITUTION', id: 'i-1', name: '深圳市诚信征信服务有限公司' },
  subject: { kind: 'ENTERPRISE', id: '91440305MACL0EDU4Y', name: '广东汇航餐饮有限公司' },
  profile: { registeredName: '广东汇航餐饮有限公司', entityType: '有限责任公司（法人独资）', establishedOn: '2013-04-04', registeredCapital: 5_000_000 },
  summary: { ratingGrade: 'C', ratingScore: 55, sanctionsStatus: 'RESTRICTED' },
  sections: [
    { key: 'penalties', kind: 'records', records: Array.from({ length: 30 }, (_, i) => ({
      id: `pen-${i}`, violation: '公众聚集场所未经消防安全检查，擅自投入使用、营业', penaltyType: '责令停止使用、罚款', amount: 112_000 + i,
      documentNumber: `深南消行罚决字〔2026〕${1299 + i}号`, decisionDate: '2026-03-01', publicityEndDate: '2029-09-18', disclosure: 'PUBLISHED',
      underObjection: false, severity: 'GENERAL', domain: 'FIRE_SAFETY', sourceDepartment: '深圳市南山区消防救援大队',
    })) },
    { key: 'licenses', kind: 'records', records: [] },
    { key: 'creditEasyLoans', kind: 'records', records: null },
    { key: 'sanctionMeasures', kind: 'derived', records: [{ id: 'R_SUBSIDY', code: 'R_SUBSIDY', name: '限制申请政府补贴和财政性资金支持', kind: 'RESTRICTION' }] },
  ],
};

function envelope(doc: ReportDocument = report): ReportEnvelope {
  const { privateKey } = generateKeyPairSync('ed25519');
  const canonical = canonicalize(doc);
  return { report: doc, digest: digestOf(canonical), signature: reportSigner(privateKey, 'report-test').sign(canonical) };
}

describe('renderReportPdf', () => {
  it('draws an A4 report whose text reads back with the subject, its records, the number and the digest', async () => {
    const env = envelope();
    const pdf = await renderReportPdf(env);
    const { pages, info } = await readPdf(pdf);
    const text = pages.join('\n');
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]).toContain('企业公共信用报告');
    expect(text).toContain('报告主体 广东汇航餐饮有限公司');
    expect(text).toContain('统一社会信用代码 91440305MACL0EDU4Y');
    expect(text).toContain('出具时间 2026-12-07 11:04:05（北京时间）');
    expect(text).toContain('行政处罚（30 条）');
    expect(text).toContain('深南消行罚决字〔2026〕1328号');
    expect(text).toContain('金额（元） 112,029');
    expect(text).toContain('信易贷\n未向申请方公开');
    expect(text).toContain('限制申请政府补贴和财政性资金支持');
    expect(text).toContain(`摘要（SHA-256） ${env.digest.slice(0, 20)}`);
    // Every page's footer: number, page of pages, the digest's start.
    pages.forEach((page, i) => expect(page).toContain(`报告编号 E2026120700000042 第 ${i + 1} 页 / 共 ${pages.length} 页 摘要 ${env.digest.slice(0, 16)}`));
    expect(info).toMatchObject({ Title: '企业公共信用报告 E2026120700000042', Language: 'zh-CN', CreationDate: 'D:20261207030405Z' });
    const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(mediaBox?.slice(1).map(Number)).toEqual([595.28, 841.89]);
  });

  it('embeds every font it uses (subset), so it renders the same without any CJK font installed', async () => {
    const pdf = await renderReportPdf(envelope());
    const { fonts } = await readPdf(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
    expect(pdf.toString('latin1').match(/\/FontFile2/g)).toHaveLength(2);
    expect(pdf.length).toBeLessThan(300_000);
  });

  it('gives the same bytes for the same report, however often and in whatever order it is drawn', async () => {
    const env = envelope();
    const first = await renderReportPdf(env);
    await renderReportPdf(envelope({ ...report, number: 'E2026120700000043', subject: { ...report.subject, name: '深圳市另一家科技有限公司' } }));
    expect((await renderReportPdf(env)).equals(first)).toBe(true);
  });

  it('has a glyph for every character of the demo vocabulary (names, places, records)', () => {
    const dir = new URL('../../prisma/seed/vocabulary/', import.meta.url);
    const text = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('');
    const printed = [...text].filter((ch) => ch.codePointAt(0)! > 0x2000).join('');
    expect(printed.length).toBeGreaterThan(1000);
    expect(missingGlyphs(printed)).toEqual([]);
    expect(missingGlyphs('企业𠀀ꙮ')).toEqual(['𠀀', 'ꙮ']);
  });
});
