import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { CreditGraphError } from '../../lib/errors.ts';
import { insertArchive } from './db/index.ts';
import { decodeCursor, encodeCursor, listLimit, pageSize } from './paging.ts';
import { anonymous, enterpriseRow, startTestSubgraph, type GraphQLBody, type TestSubgraph } from './test-support.ts';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof CreditGraphError ? err.extensions.reason : err;
  }
  return undefined;
};

describe('pageSize and listLimit', () => {
  it('defaults enterprises to 20 and refuses more than 100 with FIRST_TOO_LARGE', () => {
    expect([pageSize(undefined), pageSize(null), pageSize(0), pageSize(100)]).toEqual([20, 20, 0, 100]);
    expect(reasonOf(() => pageSize(101))).toBe('FIRST_TOO_LARGE');
    expect(reasonOf(() => pageSize(-1))).toBe('FIRST_NEGATIVE');
  });

  it('defaults record lists to 100 and caps them there', () => {
    expect([listLimit(undefined), listLimit(3), listLimit(100), listLimit(5000)]).toEqual([100, 3, 100, 100]);
    expect(reasonOf(() => listLimit(-5))).toBe('FIRST_NEGATIVE');
  });
});

describe('cursors', () => {
  it('round-trips (name, uscc) through an opaque base64url string', () => {
    const c = { name: '深圳市示例科技有限公司', uscc: '91440300MA5EXAMPLE' };
    expect(encodeCursor(c)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('refuses anything else with CURSOR_INVALID', () => {
    for (const bad of ['', 'not base64 at all!', Buffer.from('{"name":"a"}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(reasonOf(() => decodeCursor(bad))).toBe('CURSOR_INVALID');
    }
  });
});

// --- Query.enterprises over the real server --------------------------------------------------------

interface Row { n: number; uscc: string; name: string; regionCode: string; industryCode: string }
const ROWS: Row[] = Array.from({ length: 30 }, (_, i) => {
  const n = i + 1;
  const regionCode = n % 2 === 1 ? '440306' : '440304';
  // Names run against the numbering; three enterprises share one name (the uscc breaks the tie).
  const name = n >= 10 && n <= 12 ? '同名商行' : `企业${String(31 - n).padStart(2, '0')}`;
  const row = enterpriseRow(n, { regionCode, name, industryCode: n % 3 === 0 ? 'F' : 'C' });
  return { n, uscc: row.uscc, name, regionCode, industryCode: row.industryCode };
});
const ordered = (rows: Row[]) => [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));

const PAGE = `query($f: EnterpriseFilter, $first: Int, $after: String) {
  enterprises(filter: $f, first: $first, after: $after) { edges { cursor node { uscc } } pageInfo { hasNextPage endCursor } } }`;
interface Page { edges: { cursor: string; node: { uscc: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
const pageOf = (body: GraphQLBody) => (body.data as { enterprises: Page }).enterprises;

let sg: TestSubgraph;

beforeAll(async () => {
  sg = await startTestSubgraph();
  await insertArchive(sg.db, {
    enterprises: ROWS.map((r) => enterpriseRow(r.n, { regionCode: r.regionCode, name: r.name, industryCode: r.industryCode })),
  });
});
afterAll(() => sg?.stop());

async function walk(filter: Record<string, string> | undefined, first: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | null = null;
  for (;;) {
    const { body } = await sg.query(anonymous, PAGE, { f: filter, first, after });
    expect(body.errors).toBeUndefined();
    const page = pageOf(body);
    pages.push(page.edges.map((e) => e.node.uscc));
    if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
}

describe('Query.enterprises', () => {
  it('returns 20 enterprises in (name, uscc) order by default, with a next page', async () => {
    const { body } = await sg.query(anonymous, PAGE, {});
    const page = pageOf(body);
    expect(page.edges.map((e) => e.node.uscc)).toEqual(ordered(ROWS).slice(0, 20).map((r) => r.uscc));
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('walks every enterprise exactly once page by page, the shared name split across pages', async () => {
    const pages = await walk(undefined, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect(pages.flat()).toEqual(ordered(ROWS).map((r) => r.uscc));
  });

  it('filters by region, by industry, by both, and by a substring of the name', async () => {
    const cases: [Record<string, string>, (r: Row) => boolean][] = [
      [{ regionCode: '440306' }, (r) => r.regionCode === '440306'],
      [{ industryCode: 'F' }, (r) => r.industryCode === 'F'],
      [{ regionCode: '440304', industryCode: 'F' }, (r) => r.regionCode === '440304' && r.industryCode === 'F'],
      [{ name: '同名' }, (r) => r.name.includes('同名')],
      [{ name: '企业2', regionCode: '440306' }, (r) => r.name.includes('企业2') && r.regionCode === '440306'],
    ];
    for (const [filter, keep] of cases) {
      expect({ filter, usccs: (await walk(filter, 3)).flat() }).toEqual({ filter, usccs: ordered(ROWS.filter(keep)).map((r) => r.uscc) });
    }
  });

  it('refuses %, _ and \\ in the name filter (LIKE would read them as wildcards) with NAME_FILTER_CHARACTERS', async () => {
    for (const name of ['%', '企业_', 'a\\b']) {
      const { body } = await sg.query(anonymous, PAGE, { f: { name } });
      expect({ name, data: body.data, errors: body.errors?.map((e) => e.extensions) }).toEqual({
        name, data: null, errors: [{ code: 'BAD_USER_INPUT', reason: 'NAME_FILTER_CHARACTERS' }],
      });
    }
  });

  it('answers an empty page with no end cursor', async () => {
    const { body } = await sg.query(anonymous, PAGE, { f: { regionCode: '999999' } });
    expect(body).toEqual({ data: { enterprises: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } });
  });

  it('refuses first over 100 with BAD_USER_INPUT reason FIRST_TOO_LARGE', async () => {
    const { body } = await sg.query(anonymous, PAGE, { first: 101 });
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ path: ['enterprises'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'FIRST_TOO_LARGE' }) })]);
  });

  it('refuses a cursor it did not make with BAD_USER_INPUT reason CURSOR_INVALID', async () => {
    const { body } = await sg.query(anonymous, PAGE, { after: 'bm90IGEgY3Vyc29y' });
    expect(body.errors![0]).toMatchObject({ path: ['enterprises'], extensions: { code: 'BAD_USER_INPUT', reason: 'CURSOR_INVALID' } });
  });

  it('reads a region or industry page, first or later, through its index in order (no scan, no sort)', async () => {
    const cursor = encodeCursor(ordered(ROWS)[3]!);
    const plans: Record<string, string> = {};
    const sqlite = new Database(sg.file, { readonly: true });
    try {
      for (const [label, variables] of Object.entries({
        region: { f: { regionCode: '440306' }, first: 5 },
        regionAfter: { f: { regionCode: '440306' }, first: 5, after: cursor },
        industry: { f: { industryCode: 'C' }, first: 5 },
        industryAfter: { f: { industryCode: 'C' }, first: 5, after: cursor },
      })) {
        sg.statements.length = 0;
        await sg.query(anonymous, PAGE, variables);
        const [sql] = sg.statements;
        const params = (sql!.match(/\?/g) ?? []).map(() => 1);
        plans[label] = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      }
    } finally {
      sqlite.close();
    }
    expect(plans.region).toMatch(/^SEARCH (main\.)?Enterprise USING INDEX Enterprise_regionCode_name_uscc_idx \(regionCode=\?\)$/);
    expect(plans.regionAfter).toMatch(/^SEARCH (main\.)?Enterprise USING INDEX Enterprise_regionCode_name_uscc_idx \(regionCode=\? AND name>\?\)$/);
    expect(plans.industry).toMatch(/^SEARCH (main\.)?Enterprise USING INDEX Enterprise_industryCode_name_uscc_idx \(industryCode=\?\)$/);
    expect(plans.industryAfter).toMatch(/^SEARCH (main\.)?Enterprise USING INDEX Enterprise_industryCode_name_uscc_idx \(industryCode=\? AND name>\?\)$/);
  });
});
