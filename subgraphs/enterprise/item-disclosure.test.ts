/**
 * The catalogue's disclosure attribute (issue 13) on the real server, with a platform's own
 * catalogue (CATALOGUE_FILE) making penalties and black-list entries CONDITIONAL and adding a
 * SELF_ONLY item of each: exactly which records each kind of caller sees, the rating (the same for
 * everybody), and the partner cities' list feed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../lib/caller.ts';
import { insertArchive } from './db/index.ts';
import {
  anonymous, archiveRows, enterpriseCaller, enterpriseRow, institution, mergeArchives, operator, restrictedCatalogueFile,
  RESTRICTED_ITEMS, startTestSubgraph, uscc, type TestSubgraph,
} from './test-support.ts';

const SELF = uscc(20);
const OTHER = uscc(21);
const [CONDITIONAL_PENALTY, CONDITIONAL_BLACK] = RESTRICTED_ITEMS.conditional;
const [SELF_ONLY_PENALTY, SELF_ONLY_BLACK] = RESTRICTED_ITEMS.selfOnly;

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph({ env: { CATALOGUE_FILE: restrictedCatalogueFile() } });
  const rows = archiveRows(SELF, 's');
  const penalty = (id: string, catalogItemCode: string) => ({ ...rows.penalties[0]!, id, catalogItemCode });
  const black = (id: string, catalogItemCode: string) => ({ ...rows.listEntries[1]!, id, catalogItemCode });
  await insertArchive(sg.db, mergeArchives(
    { enterprises: [enterpriseRow(20), enterpriseRow(21)] },
    // The fixtures' own item (CAT-001) is not in the catalogue: public, as before.
    rows,
    { penalties: [penalty('s-pen-cond', CONDITIONAL_PENALTY), penalty('s-pen-self', SELF_ONLY_PENALTY)] },
    { listEntries: [black('s-black-cond', CONDITIONAL_BLACK), black('s-black-self', SELF_ONLY_BLACK)] },
  ));
});
afterAll(() => sg?.stop());

const PUBLIC = { penalties: ['s-pen'], blackList: ['s-black'] };
const AND_CONDITIONAL = { penalties: ['s-pen', 's-pen-cond'], blackList: ['s-black', 's-black-cond'] };
const EVERYTHING = { penalties: ['s-pen', 's-pen-cond', 's-pen-self'], blackList: ['s-black', 's-black-cond', 's-black-self'] };

const MATRIX: [string, Principal, typeof PUBLIC][] = [
  ['an anonymous caller', anonymous, PUBLIC],
  ['a bank', institution('FINANCIAL'), PUBLIC],
  ['a partner city', institution('PARTNER_CITY'), PUBLIC],
  ['a government institution', institution('GOVERNMENT'), AND_CONDITIONAL],
  ['the enterprise itself', enterpriseCaller(SELF), EVERYTHING],
  ['another enterprise', enterpriseCaller(OTHER), PUBLIC],
  ['an operator', operator, EVERYTHING],
];

const ARCHIVE = `query($u: ID!) { enterprise(uscc: $u) {
  penalties { id catalogItemCode } blackList { id catalogItemCode }
  rating { score grade indicators { code points basis { id } } } } }`;

interface Archive {
  penalties: { id: string }[];
  blackList: { id: string }[];
  rating: { score: number; grade: string; indicators: { code: string; points: number; basis: { id: string }[] }[] };
}
const archiveAs = async (p: Principal) => ((await sg.query(p, ARCHIVE, { u: SELF })).body.data as { enterprise: Archive }).enterprise;
const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('records of CONDITIONAL and SELF_ONLY catalogue items', () => {
  it.each(MATRIX)('%s sees exactly its share of them', async (_who, principal, sees) => {
    const a = await archiveAs(principal);
    expect({ penalties: ids(a.penalties), blackList: ids(a.blackList) }).toEqual(sees);
  });

  it('rates the enterprise on its public records alone, the same for every caller', async () => {
    const ratings = await Promise.all(MATRIX.map(async ([, p]) => (await archiveAs(p)).rating));
    for (const r of ratings) expect(r).toEqual(ratings[0]);
    const basis = ratings[0]!.indicators.flatMap((i) => i.basis.map((b) => b.id)).sort();
    expect(basis).toEqual(['s-black', 's-eval', 's-hon', 's-pen', 's-red']);
  });
});

const CHANGES = `query($since: String, $first: Int) { listChanges(since: $since, first: $first) { edges { node { change entryId } } } }`;

describe('the list feed with restricted black-list items', () => {
  it.each([
    ['a partner city', institution('PARTNER_CITY'), ['s-black', 's-red']],
    ['a government institution', institution('GOVERNMENT'), ['s-black', 's-black-cond', 's-red']],
    ['an operator', operator, ['s-black', 's-black-cond', 's-black-self', 's-red']],
  ] as const)('gives %s the entries its archive view shows, and nothing of the others', async (_who, principal, entries) => {
    const { body } = await sg.query(principal, CHANGES, { first: 100 });
    const edges = (body.data as { listChanges: { edges: { node: { change: string; entryId: string } }[] } }).listChanges.edges;
    expect(edges.map((e) => e.node.entryId).sort()).toEqual([...entries]);
  });
});

const CHECK = `query($s: [ID!]!, $m: String!) { checkSanctions(subjects: $s, matterCode: $m) { decision basis { id } } }`;

describe('joint sanctions checks with restricted black-list items', () => {
  it.each([
    ['a government institution', institution('GOVERNMENT'), ['s-black', 's-black-cond']],
    ['an operator', operator, ['s-black', 's-black-cond', 's-black-self']],
  ] as const)('rest, for %s, on the entries it may see', async (_who, principal, basis) => {
    const { body } = await sg.query(principal, CHECK, { s: [SELF], m: 'GOV_SUBSIDY' });
    const [check] = (body.data as { checkSanctions: { decision: string; basis: { id: string }[] }[] }).checkSanctions;
    expect({ decision: check!.decision, basis: ids(check!.basis) }).toEqual({ decision: 'RESTRICTED', basis: [...basis] });
  });
});
