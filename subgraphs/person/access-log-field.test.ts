/** `Person.accessLog`: newest first, cursor paged, and only the person sees it. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSubgraph } from './main.ts';
import {
  caller, errorCodes, freshDatabase, gql, insertPerson, institution, personPrincipal, silentLogger, testEnv, type FixturePerson,
} from './test-support.ts';

const NOW = new Date('2025-06-15T04:00:00Z');
const PAGE = `query ($n: String!, $first: Int, $after: String) { person(idNumber: $n) {
  accessLog(first: $first, after: $after) {
    edges { cursor node { id at accessorKind institutionId institutionName categories purpose consentId basis requestId } }
    pageInfo { hasNextPage endCursor }
  } } }`;

let server: Awaited<ReturnType<typeof startSubgraph>>;
let removeDb: () => void;
let alice: FixturePerson;

beforeAll(async () => {
  const database = await freshDatabase();
  removeDb = database.remove;
  server = await startSubgraph(testEnv(database.url), { port: 0, logger: silentLogger, now: () => NOW });
  alice = await insertPerson(server.db, '张三丰');
  const other = await insertPerson(server.db, '李四');
  const base = Date.parse('2025-06-01T00:00:00Z');
  await server.db.prisma.accessLogEntry.createMany({
    data: [
      ...[0, 1, 2, 3, 4].map((i) => ({
        id: `log-${i}`, at: new Date(base + i * 3600_000), personId: alice.id, accessorKind: 'INSTITUTION',
        institutionId: 'bank', institutionName: 'Bank of Huzhou', accessorPersonId: null, categories: 'IDENTITY,PENALTIES',
        purpose: 'CREDIT_EASY_LOAN', consentId: 'c-1', basis: 'CONSENT', requestId: `req-${i}`,
      })),
      // same instant as log-4: the id breaks the tie
      { id: 'log-4b', at: new Date(base + 4 * 3600_000), personId: alice.id, accessorKind: 'INSTITUTION', institutionId: 'gov',
        institutionName: 'Court', accessorPersonId: null, categories: 'JUDGMENT_DEBTOR', purpose: null, consentId: null,
        basis: 'STATUTORY_SCOPE', requestId: 'req-4b' },
      { id: 'log-other', at: new Date(base), personId: other.id, accessorKind: 'INSTITUTION', institutionId: 'bank',
        institutionName: 'Bank of Huzhou', accessorPersonId: null, categories: 'PENALTIES', purpose: 'RENTAL', consentId: 'c-2',
        basis: 'CONSENT', requestId: 'req-other' },
    ],
  });
});

afterAll(async () => {
  await server?.close();
  removeDb?.();
});

type Page = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const page = async (first: number, after?: string | null) => {
  const res = await gql(server.url, caller(personPrincipal(alice.id)), PAGE, { n: alice.idNumber, first, after });
  return { res, page: (res.body.data?.person as { accessLog: Page } | null)?.accessLog };
};

describe('Person.accessLog', () => {
  it('shows the person who looked at their data, newest first', async () => {
    const { res } = await page(1);
    expect(res.body).toEqual({
      data: {
        person: {
          accessLog: {
            edges: [{
              cursor: expect.any(String),
              node: {
                id: 'log-4b', at: '2025-06-01T04:00:00.000Z', accessorKind: 'INSTITUTION', institutionId: 'gov', institutionName: 'Court',
                categories: ['JUDGMENT_DEBTOR'], purpose: null, consentId: null, basis: 'STATUTORY_SCOPE', requestId: 'req-4b',
              },
            }],
            pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
          },
        },
      },
    });
  });

  it('pages through every entry exactly once with first/after', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const { page: p } = await page(2, after);
      seen.push(...p!.edges.map((e) => e.node.id));
      if (!p!.pageInfo.hasNextPage) break;
      after = p!.pageInfo.endCursor;
    }
    expect(seen).toEqual(['log-4b', 'log-4', 'log-3', 'log-2', 'log-1', 'log-0']);
  });

  it.each([
    ['first below 1', { first: 0 }, 'FIRST'],
    ['first above 100', { first: 101 }, 'FIRST'],
    ['a cursor it did not issue', { first: 2, after: 'bm90LWEtY3Vyc29y' }, 'CURSOR'],
  ])('rejects %s with BAD_USER_INPUT', async (_what, args, reason) => {
    const res = await gql(server.url, caller(personPrincipal(alice.id)), PAGE, { n: alice.idNumber, ...args });
    expect(res.body.data).toEqual({ person: { accessLog: null } });
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason }]);
  });

  it('is FORBIDDEN to an institution that may see the person', async () => {
    const res = await gql(server.url, caller(institution('gov', 'GOVERNMENT', ['person:penalties'])), PAGE, { n: alice.idNumber, first: 5 });
    expect(res.body.data).toEqual({ person: { accessLog: null } });
    expect(errorCodes(res)).toEqual([['person.accessLog', 'FORBIDDEN']]);
    expect(JSON.stringify(res.body)).not.toContain('Bank of Huzhou');
  });
});
