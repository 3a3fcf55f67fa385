// Who sees withheld records (expired, repaired, withdrawn), over the real subgraph: the disclosure
// rule of rules.ts as the loaders apply it in SQL. Apart from rules.test.ts so that the rules' own
// tests start no server (they are the mutation group rules-enterprise: stryker.config.mjs).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive, type ArchiveInput } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, FULL_ARCHIVE, institution, operator, startTestSubgraph,
  TODAY, uscc, type TestSubgraph,
} from './test-support.ts';

// --- the matrix, over the real server -------------------------------------------------------------

const SELF = uscc(10);
const OTHER = uscc(11);

/** Per kind of record: the stored status and publicity end, and the disclosure shown. */
const KINDS = {
  exp: { over: { publicityEndDate: '2025-06-14' }, shown: 'EXPIRED' },
  noend: { over: { publicityEndDate: null }, shown: 'PUBLISHED' },
  pub: { over: {}, shown: 'PUBLISHED' },
  rep: { over: { status: 'REPAIRED' }, shown: 'REPAIRED' },
  today: { over: { publicityEndDate: TODAY }, shown: 'PUBLISHED' },
  wd: { over: { status: 'WITHDRAWN' }, shown: 'WITHDRAWN' },
} as const;
const PUBLIC_KINDS = ['noend', 'pub', 'today'] as const;
const ALL_KINDS = Object.keys(KINDS) as (keyof typeof KINDS)[];

const LISTS = {
  licenses: 'lic', penalties: 'pen', redList: 'red', blackList: 'black', certificates: 'cert',
  inspections: 'insp', commitments: 'com', evaluations: 'eval', honors: 'hon', otherRecords: 'oth',
} as const;

function rowsOf(usccValue: string, tag: string): ArchiveInput {
  const out: Record<string, unknown[]> = {};
  for (const kind of ALL_KINDS) {
    for (const [table, rows] of Object.entries(archiveRows(usccValue, `${tag}${kind}`, KINDS[kind].over))) {
      (out[table] ??= []).push(...rows);
    }
  }
  return out as ArchiveInput;
}

/** The archive lists as a caller sees them: ids in id order (same decision date), with disclosure. */
function expectedLists(tag: string, kinds: readonly (keyof typeof KINDS)[]) {
  return Object.fromEntries(Object.entries(LISTS).map(([field, suffix]) =>
    [field, kinds.map((k) => ({ id: `${tag}${k}-${suffix}`, disclosure: KINDS[k].shown }))]));
}

const overviewOf = (name: string) => ({ registeredName: name, entityType: '有限责任公司', regionCode: '440306', industryCode: 'C', registrationStatus: '存续' });
const archiveOf = (u: string, name: string, tag: string, kinds: readonly (keyof typeof KINDS)[]) => ({
  uscc: u, name, overview: overviewOf(name), ...expectedLists(tag, kinds), legalRepresentative: null,
});


const MATRIX: [string, Principal, 'all' | 'public'][] = [
  ['an anonymous caller', anonymous, 'public'],
  ['a FINANCIAL institution', institution('FINANCIAL'), 'public'],
  ['a CREDIT_SERVICE institution', institution('CREDIT_SERVICE'), 'public'],
  ['a GOVERNMENT institution', institution('GOVERNMENT'), 'all'],
  ['the enterprise itself', enterpriseCaller(SELF), 'all'],
  ['another enterprise', enterpriseCaller(OTHER), 'public'],
  ['an operator', operator, 'all'],
];

describe('who sees withheld records (expired, repaired, withdrawn)', () => {
  let sg: TestSubgraph;

  beforeAll(async () => {
    sg = await startTestSubgraph();
    const self = rowsOf(SELF, 's');
    const other = rowsOf(OTHER, 'o');
    const merged: Record<string, unknown[]> = {};
    for (const part of [self, other]) for (const [k, v] of Object.entries(part)) (merged[k] ??= []).push(...(v as unknown[]));
    await insertArchive(sg.db, {
      ...(merged as ArchiveInput),
      enterprises: [enterpriseRow(10, { name: '甲企业' }), enterpriseRow(11, { name: '乙企业' })],
    });
  });
  afterAll(() => sg?.stop());

  it.each(MATRIX)('%s sees %s records of the enterprise', async (_who, principal, sees) => {
    const { body } = await sg.query(principal, `query($u: ID!) { enterprise(uscc: $u) { ${FULL_ARCHIVE} } }`, { u: SELF });
    expect(body).toEqual({ data: { enterprise: archiveOf(SELF, '甲企业', 's', sees === 'all' ? ALL_KINDS : PUBLIC_KINDS) } });
  });

  it('shows an enterprise its own withheld records and only the public ones of others in the same page, one statement per category', async () => {
    sg.statements.length = 0;
    const { body } = await sg.query(enterpriseCaller(SELF), `{ enterprises(first: 10) { edges { node { ${FULL_ARCHIVE} } } } }`);
    expect(body).toEqual({ data: { enterprises: { edges: [
      { node: archiveOf(OTHER, '乙企业', 'o', PUBLIC_KINDS) },
      { node: archiveOf(SELF, '甲企业', 's', ALL_KINDS) },
    ] } } });
    expect(sg.statements).toHaveLength(11); // the page + one per list
  });

  it('puts the disclosure rule into the SQL for public callers and leaves it out for government', async () => {
    const penaltiesSql = async (p: Principal) => {
      sg.statements.length = 0;
      await sg.query(p, 'query($u: ID!) { enterprise(uscc: $u) { penalties { id } } }', { u: SELF });
      return sg.statements.filter((s) => s.includes('AdministrativePenalty'));
    };
    const [publicSql] = await penaltiesSql(anonymous);
    const [governmentSql] = await penaltiesSql(institution('GOVERNMENT'));
    expect(publicSql).toMatch(/[`"]status[`"] = (\?|'PUBLISHED')/);
    expect(publicSql).toMatch(/[`"]publicityEndDate[`"] IS NULL/);
    expect(governmentSql).not.toMatch(/[`"]status[`"] =/);
  });
});
