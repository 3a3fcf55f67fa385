/**
 * The PDF of a credit report, drawn from its stored JSON: A4, Chinese, Noto Sans SC embedded (the
 * glyphs used, subset) from the `@expo-google-fonts/noto-sans-sc` package, so it prints the same on
 * a machine without any CJK font. Deterministic: the same report gives the same bytes (dates in the
 * PDF's info are the issue time; pdfkit's file id derives from them), which is why the PDF need not
 * be stored: the signed JSON is the record, the PDF a view of it.
 *
 * Every page's footer carries the report number, the page count and the start of the digest; the
 * last block carries the whole digest, the signing key's id and a QR code with number and digest
 * for `verifyCreditReport`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatCst } from '../time.ts';
import type { Json } from './canonical.ts';
import { kidOf } from './signing.ts';
import { PURPOSE_LABELS, type ReportEnvelope, type ReportRecord } from './document.ts';
import {
  FIELD_LABELS, ISSUER_KINDS, SECTION_TITLES, SUBJECT_ID_LABELS, TITLES, VALUE_LABELS,
} from './labels.ts';

const require = createRequire(import.meta.url);

const FONT_FILES = { R: '400Regular/NotoSansSC_400Regular.ttf', B: '700Bold/NotoSansSC_700Bold.ttf' } as const;
type FontName = keyof typeof FONT_FILES;
interface SharedFont { font: fontkit.Font; layouts: Record<string, unknown> }
let fonts: Record<FontName, SharedFont> | undefined;

/** At most this many laid-out strings are kept per font (then the cache starts again): memory stays flat. */
const LAYOUT_CACHE_MAX = 20_000;

function boundedCache(): Record<string, unknown> {
  const map = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_t, key) => (typeof key === 'string' ? map.get(key) : undefined),
    set: (_t, key, value) => {
      if (map.size >= LAYOUT_CACHE_MAX) map.clear();
      map.set(String(key), value);
      return true;
    },
  });
}

/**
 * Parsed once per process and shared by every document (pdfkit takes a fontkit font as is), with
 * one cache of laid-out strings per font shared by every document too: pdfkit caches each string's
 * shaped glyph run (already scaled; nothing of the document in it) per document, and shaping CJK
 * text through the font's OpenType tables was a third of a report's CPU, for labels that are the
 * same in every report. Parsing the 10 MB font per report would cost more than the report.
 */
function reportFonts(): Record<FontName, SharedFont> {
  const load = (file: string): SharedFont => ({
    font: fontkit.create(readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${file}`))) as fontkit.Font,
    layouts: boundedCache(),
  });
  fonts ??= { R: load(FONT_FILES.R), B: load(FONT_FILES.B) };
  return fonts;
}

/** Characters of `text` the report font has no glyph for (they would print as empty boxes). */
export function missingGlyphs(text: string): string[] {
  const { R, B } = reportFonts();
  return [...new Set(text)].filter((ch) => /\S/.test(ch) && (!R.font.hasGlyphForCodePoint(ch.codePointAt(0)!) || !B.font.hasGlyphForCodePoint(ch.codePointAt(0)!)));
}

/** The text a verifier's QR reader gets: number and digest, the two arguments of verifyCreditReport. */
export function verificationText(number: string, digest: string): string {
  return `creditgraph:report?number=${number}&digest=${digest}`;
}

const FIELD_ORDER = new Map(Object.keys(FIELD_LABELS).map((k, i) => [k, i]));
const ordered = (fields: string[]) => fields.sort((a, b) =>
  (FIELD_ORDER.get(a) ?? 1e6) - (FIELD_ORDER.get(b) ?? 1e6) || (a < b ? -1 : a > b ? 1 : 0));

/** The headline of a record: its most telling field. */
const HEADLINE = ['violation', 'licenseName', 'listName', 'certificateType', 'inspectionItem', 'commitmentType', 'title', 'industry', 'name', 'caseNumber', 'code'];

function show(field: string, value: Json | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toString().replace(/\B(?=(\d{3})+$)/g, ',') : String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => show(field, v)).join('、') : '—';
  if (typeof value === 'string') return VALUE_LABELS[field]?.[value] ?? value;
  return JSON.stringify(value);
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const GREY = '#555555';
const RULE = '#b8b8b8';

export async function renderReportPdf(envelope: ReportEnvelope): Promise<Buffer> {
  const { report, digest, signature } = envelope;
  const shared = reportFonts();
  const issuedAt = new Date(report.issuedAt);
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, font: null as never, lang: 'zh-CN', displayTitle: true,
    info: {
      Title: `${TITLES[report.subject.kind]} ${report.number}`, Subject: report.subject.name ?? report.subject.id,
      Author: 'CreditGraph', Creator: 'CreditGraph', Producer: 'CreditGraph', CreationDate: issuedAt, ModDate: issuedAt,
    },
  } as PDFKit.PDFDocumentOptions);
  // `font: null`: no default font (pdfkit would parse Helvetica's metrics for every document).
  // Registered by name so pdfkit keeps one embedded font each (an unnamed font object is opened
  // anew at every switch); `layoutCache` is pdfkit's per-document cache, swapped for the shared one.
  for (const name of ['R', 'B'] as const) {
    doc.registerFont(name, shared[name].font as never);
    doc.font(name);
    (doc as unknown as { _font: { layoutCache?: unknown } })._font.layoutCache = shared[name].layouts;
  }
  const f = { regular: 'R', bold: 'B' } as const;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const bottom = () => A4.height - MARGIN.bottom;
  const ensure = (height: number) => { if (doc.y + height > bottom()) doc.addPage(); };
  const rule = () => {
    doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + WIDTH, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.moveDown(0.4);
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.6).font(f.bold).fontSize(13).fillColor('black').text(text, MARGIN.left, doc.y, { width: WIDTH });
    doc.moveDown(0.2);
    rule();
  };
  // Most values fit on one line: measured by width alone and drawn without pdfkit's line wrapper,
  // which was a third of a report's CPU; only longer ones are wrapped.
  const fits = (s: string, w: number) => !s.includes('\n') && doc.widthOfString(s) <= w;
  const heightOf = (s: string, w: number) => (fits(s, w) ? doc.currentLineHeight(true) : doc.heightOfString(s, { width: w }));
  const put = (s: string, x: number, y: number, w: number) => (fits(s, w) ? doc.text(s, x, y, { lineBreak: false }) : doc.text(s, x, y, { width: w }));
  /** One "label  value" row; the value wraps in its column. */
  const row = (label: string, value: string, labelWidth = 96, x = MARGIN.left, width = WIDTH) => {
    doc.font(f.regular).fontSize(9);
    const h = Math.max(heightOf(value, width - labelWidth), heightOf(label, labelWidth - 6));
    ensure(h + 2);
    const y = doc.y;
    doc.fillColor(GREY);
    put(label, x, y, labelWidth - 6);
    doc.fillColor('black');
    put(value, x + labelWidth, y, width - labelWidth);
    doc.x = MARGIN.left;
    doc.y = y + h + 2;
  };
  const fields = (obj: Record<string, Json>, skip: ReadonlySet<string> = new Set()) => {
    for (const field of ordered(Object.keys(obj).filter((k) => !skip.has(k)))) row(FIELD_LABELS[field] ?? field, show(field, obj[field]));
  };

  // --- title and who/what/when ---------------------------------------------------------------------
  doc.font(f.bold).fontSize(20).text(TITLES[report.subject.kind], MARGIN.left, MARGIN.top, { width: WIDTH, align: 'center' });
  doc.moveDown(0.3).font(f.regular).fontSize(9).fillColor(GREY)
    .text(`报告编号 ${report.number}　　出具时间 ${formatCst(issuedAt).replace('T', ' ').replace('+08:00', '（北京时间）')}`, { width: WIDTH, align: 'center' });
  doc.moveDown(0.8);
  rule();
  row('报告主体', report.subject.name ?? '—');
  row(SUBJECT_ID_LABELS[report.subject.kind], report.subject.id);
  row('报告用途', PURPOSE_LABELS[report.purpose] ?? report.purpose);
  row('申请方', [report.issuer.name, `${ISSUER_KINDS[report.issuer.kind] ?? report.issuer.kind}`].filter(Boolean).join('　'));
  row('信息截至', `${report.asOf}（按申请方可见范围生成）`);

  heading('基本信息');
  fields(report.profile);
  if (Object.keys(report.summary).length > 0) {
    heading('信用概况');
    fields(report.summary);
  }

  // --- the records -------------------------------------------------------------------------------
  for (const section of report.sections) {
    const title = SECTION_TITLES[section.key] ?? section.key;
    heading(section.records ? `${title}（${section.records.length} 条）` : title);
    if (!section.records) { row('', '未向申请方公开'); continue; }
    if (section.records.length === 0) { row('', '无记录'); continue; }
    section.records.forEach((record: ReportRecord, i) => {
      const headlineField = HEADLINE.find((h) => typeof record[h] === 'string');
      ensure(40);
      doc.moveDown(0.2).font(f.bold).fontSize(10).fillColor('black')
        .text(`${i + 1}. ${headlineField ? show(headlineField, record[headlineField]) : record.id}`, MARGIN.left, doc.y, { width: WIDTH });
      doc.moveDown(0.15);
      // A derived record's id is its code: printed once.
      fields(record, new Set([...(headlineField ? [headlineField] : []), ...(section.kind === 'derived' ? ['id'] : [])]));
    });
  }

  // --- verification ------------------------------------------------------------------------------
  heading('报告验证');
  ensure(150);
  const top = doc.y;
  const qrSize = 120;
  const textWidth = WIDTH - qrSize - 16;
  row('报告编号', report.number, 96, MARGIN.left, textWidth);
  row('摘要（SHA-256）', digest, 96, MARGIN.left, textWidth);
  row('摘要对象', '报告 JSON 按 RFC 8785 规范化后的 UTF-8 字节', 96, MARGIN.left, textWidth);
  row('签名', `EdDSA（Ed25519），密钥标识 ${kidOf(signature)}，公钥见 /.well-known/jwks.json`, 96, MARGIN.left, textWidth);
  row('核验', report.subject.kind === 'PERSON'
    ? '在线调用 verifyCreditReport(number, digest)：真伪、出具时间、脱敏证件号码，及出具后记录是否有变化（不显示姓名与变化内容）；或以上述公钥离线核验'
    : '在线调用 verifyCreditReport(number, digest)：真伪、出具时间、主体，及出具后记录是否更正、撤销、修复或新增', 96, MARGIN.left, textWidth);
  drawQr(doc, verificationText(report.number, digest), MARGIN.left + WIDTH - qrSize, top, qrSize);
  doc.y = Math.max(doc.y, top + qrSize + 6);
  doc.moveDown(0.5).font(f.regular).fontSize(8).fillColor(GREY).text(
    '本报告依据出具时申请方依法可见的公共信用信息生成，内容以出具时为准。报告以签名的 JSON 为准，本 PDF 由其生成；' +
    '如对信息有异议，可向信用平台提出异议申请。', MARGIN.left, doc.y, { width: WIDTH });

  // --- footers (every page, once the page count is known) ----------------------------------------
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    doc.page.margins.bottom = 0;
    doc.font(f.regular).fontSize(8).fillColor(GREY).text(
      `报告编号 ${report.number}　　第 ${i + 1} 页 / 共 ${range.count} 页　　摘要 ${digest.slice(0, 16)}…`,
      MARGIN.left, A4.height - 40, { width: WIDTH, align: 'center', lineBreak: false });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return done;
}

/** The QR code as vector squares: crisp at any zoom and no image to embed. */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('white');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.data[r * n + c]) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
    }
  }
  doc.fill('black').restore();
}
