/**
 * Fixtures for the person subgraph's tests: a fresh migrated SQLite database, a running subgraph,
 * synthetic persons (generated names, valid check digits) and signed requests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller, InstitutionKind, Principal } from '../../lib/caller.ts';
import { makeIdNumber } from '../../lib/identifiers/id-number.ts';
import { encryptIdNumber, idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import { maskIdNumber, maskName } from '../../lib/identifiers/masking.ts';
import { createLogger } from '../../lib/logger.ts';
import { loadOrCreateDemoProvider } from '../../lib/tokens.ts';
import {
  freshDatabase as freshSubgraphDatabase, postGraphQL, signedHeaders, startTestSubgraph as startShared,
  type FreshDatabase, type GraphQLReply, type TestSubgraph,
} from '../../tests/support/subgraph.ts';
import type { Db } from './db/client.ts';
import { startSubgraph } from './main.ts';

export const CALLER_SECRET = 'test-caller-signing-secret-0123456789abcdef';
export const HMAC_SECRET = 'test-person-id-hmac-secret-0123456789abcdef';
export const ENCRYPTION_KEY = randomBytes(32);
export const silentLogger = createLogger({ name: 'person-test', level: 'silent' });

/** The integrity-code key pair of this test file, in the file format lib/tokens.ts writes. */
const integrityKeyDir = mkdtempSync(join(tmpdir(), 'person-integrity-key-'));
export const INTEGRITY_KEY_FILE = join(integrityKeyDir, 'integrity-key.json');
export const integrityKeys = await loadOrCreateDemoProvider(INTEGRITY_KEY_FILE);
afterAll(() => rmSync(integrityKeyDir, { recursive: true, force: true }));

/** A fresh SQLite database file with the person migrations applied. */
export function freshDatabase(): Promise<FreshDatabase> {
  return freshSubgraphDatabase('person', { dirPrefix: 'person-test-' });
}

/** The person subgraph's own variables, for tests. */
const personEnv = (): Record<string, string> => ({
  PERSON_ID_HMAC_SECRET: HMAC_SECRET,
  PERSON_ID_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
  INTEGRITY_KEY_FILE,
});

export function testEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CALLER_SIGNING_SECRET: CALLER_SECRET,
    PERSON_DATABASE_URL: databaseUrl,
    ...personEnv(),
  };
}

export type TestPersonSubgraph = TestSubgraph<Awaited<ReturnType<typeof startSubgraph>>>;

/** The real person subgraph on port 0 over a fresh migrated SQLite database, counting SQL statements. */
export function startTestSubgraph(opts: { now?: () => Date; postgresUrl?: string } = {}): Promise<TestPersonSubgraph> {
  return startShared({ subgraph: 'person', start: startSubgraph, secret: CALLER_SECRET, env: personEnv(), dirPrefix: 'person-test-', ...opts });
}

// ---- principals -------------------------------------------------------------------------------

export const anonymous: Principal = { kind: 'ANONYMOUS' };
export const personPrincipal = (personId: string): Principal => ({ kind: 'PERSON', personId });
export const enterprise: Principal = { kind: 'ENTERPRISE', uscc: '91330100MA27XL0Q2X' };
export const operator: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
export const institution = (institutionId: string, institutionKind: InstitutionKind, scopes: string[] = []): Principal => ({
  kind: 'INSTITUTION', institutionId, institutionKind, institutionName: `${institutionId} name`, scopes,
});

export function caller(principal: Principal, purpose: string | null = null): Caller {
  return { principal, purpose, requestId: `req-${randomUUID()}` };
}

// ---- requests ---------------------------------------------------------------------------------

export type GqlResponse = GraphQLReply;

/** A request signed as `who`, or unsigned (null). */
export function gql(url: string, who: Caller | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> {
  const body = JSON.stringify({ query, variables });
  return postGraphQL(url, body, who ? signedHeaders(who, body, CALLER_SECRET) : {});
}

/** `[path, code]` of every error, sorted, for whole-response assertions. */
export const errorCodes = (res: GqlResponse): [string, unknown][] =>
  (res.body.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions?.code] as [string, unknown]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

// ---- fixture rows -----------------------------------------------------------------------------

export interface FixturePerson {
  id: string;
  idNumber: string;
  name: string;
}

let sequence = 100;

/** Inserts a synthetic person (and nothing else). */
export async function insertPerson(db: Db, name: string, opts: { regionCode?: string; birthDate?: string } = {}): Promise<FixturePerson> {
  const regionCode = opts.regionCode ?? '330102';
  const idNumber = makeIdNumber(regionCode, opts.birthDate ?? '19880517', sequence++);
  const id = `p-${randomUUID()}`;
  await db.prisma.person.create({
    data: {
      id,
      idHash: idNumberHmac(idNumber, HMAC_SECRET),
      idCipher: encryptIdNumber(idNumber, ENCRYPTION_KEY),
      idMasked: maskIdNumber(idNumber),
      name,
      nameMasked: maskName(name),
      regionCode,
      integrityScore: 860,
      integrityGrade: 'AA',
      integrityUpdatedOn: '2025-05-01',
    },
  });
  return { id, idNumber, name };
}

/** One record of every category for the person; returns the texts a leak would show. */
export async function insertRecords(db: Db, personId: string, tag: string): Promise<string[]> {
  await db.prisma.personPenalty.createMany({
    data: [
      {
        id: `${tag}-pen-1`, personId, catalogItemCode: 'P-001', sourceDepartment: 'Market Regulation',
        documentNumber: `${tag}-DOC-1`, decisionDate: '2025-03-01', violation: `${tag} sold unlabelled goods`,
        legalBasis: 'Product Quality Law Art. 27', penaltyType: 'fine', amount: 2000, publicityEndDate: '2025-12-01',
      },
      {
        id: `${tag}-pen-old`, personId, catalogItemCode: 'P-002', sourceDepartment: 'Transport',
        documentNumber: null, decisionDate: '2021-01-10', violation: `${tag} old overload`,
        legalBasis: 'Road Traffic Law Art. 92', penaltyType: 'warning', amount: null, publicityEndDate: '2021-04-10',
      },
    ],
  });
  await db.prisma.judgmentDebtorCase.createMany({
    data: [
      { id: `${tag}-jd-1`, personId, caseNumber: `(2024)${tag}执1号`, court: 'Intermediate Court', obligation: `${tag} repay 50000 yuan`, listedOn: '2024-09-01', removedOn: null },
      { id: `${tag}-jd-old`, personId, caseNumber: `(2019)${tag}执9号`, court: 'District Court', obligation: `${tag} old debt`, listedOn: '2019-02-01', removedOn: '2020-02-01' },
    ],
  });
  await db.prisma.personHonor.create({ data: { id: `${tag}-hon-1`, personId, title: `${tag} model worker`, awardedBy: 'City Government', awardedOn: '2023-05-01' } });
  await db.prisma.volunteerRecord.createMany({
    data: [
      { id: `${tag}-vol-1`, personId, organization: 'Red Cross', activity: `${tag} blood drive`, hours: 4.5, servedOn: '2024-10-01' },
      { id: `${tag}-vol-2`, personId, organization: 'Library', activity: `${tag} reading club`, hours: 3, servedOn: '2024-11-01' },
    ],
  });
  return [`${tag} sold unlabelled goods`, `${tag} repay 50000 yuan`, `${tag} model worker`, `${tag} blood drive`];
}

export async function insertConsent(db: Db, c: {
  personId: string; institutionId: string; purpose: string; categories: string[];
  grantedAt: Date; expiresAt: Date; revokedAt?: Date | null; id?: string;
}): Promise<string> {
  const id = c.id ?? `c-${randomUUID()}`;
  await db.prisma.consent.create({
    data: {
      id, personId: c.personId, institutionId: c.institutionId, purpose: c.purpose, categories: c.categories.join(','),
      grantedAt: c.grantedAt, expiresAt: c.expiresAt, revokedAt: c.revokedAt ?? null,
    },
  });
  return id;
}
