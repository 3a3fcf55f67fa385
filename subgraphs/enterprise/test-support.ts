/**
 * Test support for the enterprise subgraph: a fresh migrated SQLite database in a temp dir, the
 * real server on port 0 counting SQL statements, signed requests, callers and fixture rows.
 */
import { expect } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import type { InstitutionKind, Principal } from '../../lib/caller.ts';
import { makeUscc } from '../../lib/identifiers/uscc.ts';
import type { Prisma } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { startTestSubgraph as startShared, type GraphQLBody, type TestSubgraph as SharedTestSubgraph } from '../../tests/support/subgraph.ts';
import type { ArchiveInput } from './db/records.ts';
import type { RunningSubgraph as Running } from '../../lib/subgraph.ts';
import type { Db } from './db/client.ts';
import { startSubgraph } from './main.ts';

type RunningSubgraph = Running<Db>;

export type { GraphQLBody } from '../../tests/support/subgraph.ts';

export const SECRET = 'enterprise-test-signing-secret-0123456789';
/** 2025-06-15 01:00 in China Standard Time, still 2025-06-14 in UTC: "today" is 2025-06-15. */
export const NOW = new Date('2025-06-14T17:00:00Z');
export const TODAY = '2025-06-15';

export interface TestSubgraph extends Omit<SharedTestSubgraph<RunningSubgraph>, 'query'> {
  /** POSTs a signed GraphQL request as `caller`; returns status and parsed body. */
  query(caller: Principal, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }>;
  stop(): Promise<void>;
}

/**
 * The real server on port 0 over a fresh migrated database: a SQLite file in a temp dir, or the
 * PostgreSQL database at `postgresUrl` (empty, e.g. from tests/support/postgres.ts).
 */
export async function startTestSubgraph(
  opts: { now?: () => Date; postgresUrl?: string; env?: Record<string, string> } = {},
): Promise<TestSubgraph> {
  const sg = await startShared({
    subgraph: 'enterprise', start: startSubgraph, secret: SECRET, dirPrefix: 'creditgraph-enterprise-', requestId: 'test-request',
    ...opts, now: opts.now ?? (() => NOW),
  });
  return { ...sg, query: (principal, query, variables) => sg.query(query, variables, principal), stop: sg.close };
}

// --- callers ------------------------------------------------------------------------------------

export const anonymous: Principal = { kind: 'ANONYMOUS' };
export const institution = (institutionKind: InstitutionKind): Principal => ({
  kind: 'INSTITUTION', institutionId: `inst-${institutionKind.toLowerCase()}`, institutionKind,
  institutionName: `${institutionKind} test institution`, scopes: [],
});
export const enterpriseCaller = (uscc: string): Principal => ({ kind: 'ENTERPRISE', uscc });
export const operator: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
/** A source department's key (`department:<code>`): the fixtures' records come from samr (深圳市市场监督管理局). */
export const sourceDepartment = (code = 'samr'): Principal => ({
  kind: 'INSTITUTION', institutionId: `inst-${code}`, institutionKind: 'SOURCE_DEPARTMENT', institutionName: `${code} department`, scopes: [`department:${code}`],
});

// --- fixture rows -------------------------------------------------------------------------------

/** A valid USCC numbered `n` (region 440306 by default). */
export function uscc(n: number, regionCode = '440306'): string {
  return makeUscc({ authority: '9', orgType: '1', regionCode, orgCodeBody: String(n).padStart(8, '0') });
}

export function enterpriseRow(n: number, over: Partial<Prisma.EnterpriseCreateManyInput> = {}): Prisma.EnterpriseCreateManyInput {
  const regionCode = over.regionCode ?? '440306';
  return {
    uscc: uscc(n, regionCode),
    name: `测试企业${String(n).padStart(3, '0')}有限公司`,
    entityType: '有限责任公司',
    registrationAuthority: '深圳市市场监督管理局宝安监管局',
    establishedOn: '2015-03-01',
    registeredCapital: 1_000_000,
    capitalCurrency: 'CNY',
    regionCode,
    regionName: '深圳市宝安区',
    industryCode: 'C',
    industryName: '制造业',
    businessScope: '电子产品的研发与销售',
    address: '深圳市宝安区新安街道1号',
    registrationStatus: '存续',
    legalRepPersonId: null,
    ...over,
  };
}

/** The columns every archive record has; `status`/`publicityEndDate` decide its disclosure. */
export function common(id: string, usccValue: string, over: { status?: string; publicityEndDate?: string | null; decisionDate?: string | null } = {}) {
  return {
    id,
    uscc: usccValue,
    catalogItemCode: 'CAT-001',
    sourceDepartment: '深圳市市场监督管理局',
    documentNumber: `深市监罚〔2024〕${id}号`,
    decisionDate: over.decisionDate === undefined ? '2024-05-01' : over.decisionDate,
    validFrom: '2024-05-01',
    validTo: null,
    publicityEndDate: over.publicityEndDate === undefined ? '2027-05-01' : over.publicityEndDate,
    status: over.status ?? 'PUBLISHED',
    underObjection: false,
  };
}

type Over = Parameters<typeof common>[2];

/** One record in each of the 9 categories and the "X" for `usccValue`, ids prefixed by `prefix`. */
export function archiveRows(usccValue: string, prefix: string, over: Over = {}) {
  const c = (kind: string) => common(`${prefix}-${kind}`, usccValue, over);
  return {
    licenses: [{ ...c('lic'), licenseType: '普通', licenseNumber: 'L-1', licenseName: '食品经营许可证', scope: '预包装食品销售' }],
    penalties: [{
      ...c('pen'), violation: '未按规定公示年度报告', legalBasis: '《企业信息公示暂行条例》第十条', penaltyType: '罚款',
      amount: 5000, publicityPeriodMonths: 36, severity: 'GENERAL', domain: 'GENERAL',
    }],
    listEntries: [
      { ...c('red'), listType: 'RED', listName: '纳税信用A级纳税人', reason: '年度纳税信用评价A级', listingAuthority: '国家税务总局深圳市税务局', listedOn: '2024-04-01', removedOn: null },
      { ...c('black'), listType: 'BLACK', listName: '失信被执行人', reason: '有履行能力而拒不履行', listingAuthority: '深圳市中级人民法院', listedOn: '2024-03-01', removedOn: null },
    ],
    certificates: [{ ...c('cert'), certificateType: '营业执照', certificateNumber: 'C-1', issuer: '深圳市市场监督管理局' }],
    inspections: [{ ...c('insp'), inspectionItem: '年报公示信息抽查', inspectedOn: '2024-06-01', result: '未发现问题', inspectingAuthority: '宝安区市场监督管理局' }],
    commitments: [{ ...c('com'), commitmentType: '信用修复承诺', content: '按时履行', committedOn: '2024-02-01', commitmentStatus: 'IN_FORCE' }],
    evaluations: [{ ...c('eval'), industry: '建筑业', grade: 'AA', evaluator: '深圳市建筑业协会', year: 2024 }],
    honors: [{ ...c('hon'), title: '守合同重信用企业', awardedBy: '深圳市市场监督管理局', level: '市级' }],
    otherRecords: [{ ...c('oth'), category: '纳税信用', title: '纳税信用等级', content: 'A' }],
  };
}

/** The fields of an ArchiveRecord, for selections. */
export const RECORD_FIELDS = 'id catalogItemCode sourceDepartment documentNumber decisionDate validFrom validTo publicityEndDate disclosure underObjection';

/** Every list of the archive with only `id disclosure`, plus the overview and legal representative. */
export const FULL_ARCHIVE = `
  uscc name
  overview { registeredName entityType regionCode industryCode registrationStatus }
  licenses { id disclosure } penalties { id disclosure } redList { id disclosure } blackList { id disclosure }
  certificates { id disclosure } inspections { id disclosure } commitments { id disclosure }
  evaluations { id disclosure } honors { id disclosure } otherRecords { id disclosure }
  legalRepresentative { id }`;

// --- workflows ----------------------------------------------------------------------------------

/** A movable clock: `clock.set('2026-09-30T10:00:00+08:00')`. */
export function movableClock(start: string) {
  let at = new Date(start);
  return { now: () => at, set: (iso: string) => { at = new Date(iso); } };
}

/** The one error of a response, for asserting its path, code and reason. */
export function onlyError(body: GraphQLBody) {
  expect(body.errors).toHaveLength(1);
  const e = body.errors![0]!;
  return { path: e.path, code: e.extensions?.code, reason: e.extensions?.reason, message: e.message, extensions: e.extensions };
}

/** Concatenates archives table by table. */
export function mergeArchives(...parts: ArchiveInput[]): ArchiveInput {
  const out: Record<string, unknown[]> = {};
  for (const part of parts) for (const [table, rows] of Object.entries(part)) (out[table] ??= []).push(...(rows as unknown[]));
  return out as ArchiveInput;
}

// --- catalogue disclosure (issue 13) ------------------------------------------------------------

/**
 * A platform's own catalogue restricting legal-person items: penalties (FR-CF-001) and black-list
 * entries (FR-HEIMD-001) CONDITIONAL, and a SELF_ONLY copy of each (FR-CF-901, FR-HEIMD-901).
 * Written to a temp file, for CATALOGUE_FILE; returns its path.
 */
export const RESTRICTED_ITEMS = { conditional: ['FR-CF-001', 'FR-HEIMD-001'], selfOnly: ['FR-CF-901', 'FR-HEIMD-901'] } as const;

export function restrictedCatalogueFile(): string {
  const json = JSON.parse(readFileSync(DEFAULT_CATALOGUE_FILE, 'utf8')) as { items: { code: string; name: string; disclosure: string }[] };
  const copies = json.items.filter((i) => RESTRICTED_ITEMS.conditional.includes(i.code as never))
    .map((i) => ({ ...i, code: i.code.replace('-001', '-901'), name: `${i.name}（仅本主体）`, disclosure: 'SELF_ONLY' }));
  for (const i of json.items) if (RESTRICTED_ITEMS.conditional.includes(i.code as never)) i.disclosure = 'CONDITIONAL';
  json.items.push(...copies);
  const file = join(mkdtempSync(join(tmpdir(), 'creditgraph-catalogue-')), 'catalogue.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}
