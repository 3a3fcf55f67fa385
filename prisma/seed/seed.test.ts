/**
 * Seeding real databases: temp SQLite files migrated by lib/db/migrations.ts (and PostgreSQL where
 * its binaries are installed), read back with the generated Prisma clients and raw drivers.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { exportJWK, generateKeyPair } from 'jose';
import { parseApiKey, secretMatches } from '../../lib/api-keys.ts';
import { SUBGRAPHS, type SubgraphName } from '../../lib/config.ts';
import { applyMigrations } from '../../lib/db/migrations.ts';
import { decryptIdNumber, idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import { createTokenVerifier } from '../../lib/tokens.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../tests/support/postgres.ts';
import { PrismaClient as EnterpriseClient } from '../generated/enterprise/sqlite/client.ts';
import { PrismaClient as EnterprisePgClient } from '../generated/enterprise/postgresql/client.ts';
import { PrismaClient as PersonClient } from '../generated/person/sqlite/client.ts';
import { PrismaClient as PersonPgClient } from '../generated/person/postgresql/client.ts';
import { PrismaClient as PlatformClient } from '../generated/platform/sqlite/client.ts';
import { SeedTargetError } from './bulk-writer.ts';
import { demoFacts, isSeeded, issueDemoKeys, mintDemoTokens, seedAll, writeDemoCredentials, type DemoFacts } from './index.ts';
import { generateEnterprise } from './synthetic/enterprises.ts';
import { makePlan } from './synthetic/plan.ts';

const TODAY = '2026-03-15';
const NOW = new Date('2026-03-15T02:00:00.000Z');
const secrets = { idHmacSecret: 'test-hmac-secret-0123456789abcdef', idEncryptionKey: new Uint8Array(32).fill(7) };
const tmp = mkdtempSync(join(tmpdir(), 'seed-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function migratedSqlite(name: string): Promise<Record<SubgraphName, string>> {
  const urls = Object.fromEntries(SUBGRAPHS.map((s) => [s, `file:${join(tmp, name, `${s}.db`)}`])) as Record<SubgraphName, string>;
  rmSync(join(tmp, name), { recursive: true, force: true });
  for (const s of SUBGRAPHS) await applyMigrations({ subgraph: s, provider: 'sqlite', url: urls[s] });
  return urls;
}

const fileOf = (url: string) => url.slice('file:'.length);

/** Every row of every seeded table, in primary-key order, as raw driver values. */
function dump(urls: Record<SubgraphName, string>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of SUBGRAPHS) {
    const db = new Database(fileOf(urls[s]), { readonly: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`).all() as { name: string }[];
    for (const { name } of tables) out[`${s}.${name}`] = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    db.close();
  }
  return out;
}

describe('a 2,000-enterprise seed into SQLite', () => {
  let urls: Record<SubgraphName, string>;
  let facts: DemoFacts;
  let seconds = 0;

  beforeAll(async () => {
    urls = await migratedSqlite('a');
    expect(await isSeeded({ provider: 'sqlite', urls })).toBe(false);
    const started = performance.now();
    facts = await seedAll({ provider: 'sqlite', urls, enterprises: 2000, persons: 1500, secrets, today: TODAY, now: NOW });
    seconds = (performance.now() - started) / 1000;
  });

  it('completes in seconds and says so to isSeeded', async () => {
    expect(seconds).toBeLessThan(30);
    expect(await isSeeded({ provider: 'sqlite', urls })).toBe(true);
    expect(facts).toEqual(demoFacts());
  });

  it('writes enterprise rows the generated Prisma client reads back whole', async () => {
    const prisma = new EnterpriseClient({ adapter: new PrismaBetterSqlite3({ url: urls.enterprise }) });
    try {
      const plan = makePlan({ enterprises: 2000, persons: 1500, today: TODAY, now: NOW });
      const expected = generateEnterprise(1234, plan);
      expect(await prisma.enterprise.findUnique({ where: { uscc: expected.enterprise.uscc } })).toEqual(expected.enterprise);
      expect(await prisma.administrativePenalty.findMany({ where: { uscc: expected.enterprise.uscc }, orderBy: { id: 'asc' } }))
        .toEqual([...expected.penalties].sort((a, b) => (a.id < b.id ? -1 : 1)));
      expect(await prisma.enterprise.count()).toBe(2000);
      const first = facts.enterprises[0]!.uscc;
      const counts = await Promise.all([
        prisma.administrativeLicense.count({ where: { uscc: first } }),
        prisma.administrativePenalty.count({ where: { uscc: first } }),
        prisma.listEntry.count({ where: { uscc: first, listType: 'RED' } }),
        prisma.listEntry.count({ where: { uscc: first, listType: 'BLACK' } }),
        prisma.certificate.count({ where: { uscc: first } }),
        prisma.inspection.count({ where: { uscc: first } }),
        prisma.creditCommitment.count({ where: { uscc: first } }),
        prisma.industryEvaluation.count({ where: { uscc: first } }),
        prisma.honor.count({ where: { uscc: first } }),
        prisma.creditRecord.count({ where: { uscc: first } }),
      ]);
      expect(counts.every((n) => n >= 1)).toBe(true);
      expect(await prisma.enterprise.findUnique({ where: { uscc: first }, select: { legalRepPersonId: true } }))
        .toEqual({ legalRepPersonId: facts.persons[0]!.id });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('stores DateTime columns the way Prisma does, so the client reads them back and compares them', async () => {
    const person = new PersonClient({ adapter: new PrismaBetterSqlite3({ url: urls.person }) });
    const platform = new PlatformClient({ adapter: new PrismaBetterSqlite3({ url: urls.platform }) });
    try {
      const consents = await person.consent.findMany();
      expect(consents).toEqual([{
        id: expect.any(String), personId: facts.persons[2]!.id, institutionId: facts.institutions.FINANCIAL.id,
        purpose: 'CREDIT_EASY_LOAN', categories: 'IDENTITY,PENALTIES,JUDGMENT_DEBTOR,HONORS,VOLUNTEER_SERVICE,INTEGRITY',
        grantedAt: NOW, expiresAt: new Date('2027-03-15T02:00:00.000Z'), revokedAt: null, monitoring: false,
      }]);
      expect(await person.consent.count({ where: { expiresAt: { gt: new Date('2027-03-15T01:59:59.999Z') } } })).toBe(1);
      expect(await person.consent.count({ where: { expiresAt: { gt: new Date('2027-03-15T02:00:00.000Z') } } })).toBe(0);
      const institutions = await platform.institution.findMany({ orderBy: { kind: 'asc' } });
      expect(institutions.map((i) => [i.kind, i.id, i.createdAt])).toEqual(
        (['CREDIT_SERVICE', 'FINANCIAL', 'GOVERNMENT', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT'] as const)
          .map((k) => [k, facts.institutions[k].id, NOW]),
      );
    } finally {
      await person.$disconnect();
      await platform.$disconnect();
    }
  });

  it('finds the demo persons by the HMAC of their ID number and decrypts the cipher back to it', () => {
    const db = new Database(fileOf(urls.person), { readonly: true });
    try {
      for (const p of facts.persons) {
        const row = db.prepare(`SELECT "id", "idCipher", "idMasked" FROM "Person" WHERE "idHash" = ?`).get(idNumberHmac(p.idNumber, secrets.idHmacSecret)) as
          { id: string; idCipher: string; idMasked: string };
        expect(row.id).toBe(p.id);
        expect(decryptIdNumber(row.idCipher, secrets.idEncryptionKey)).toBe(p.idNumber);
      }
      const leaked = db.prepare(`SELECT count(*) AS n FROM "Person" WHERE "idCipher" LIKE '%' || ? || '%' OR "idHash" = ?`)
        .get(facts.persons[0]!.idNumber, facts.persons[0]!.idNumber) as { n: number };
      expect(leaked.n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('keeps exactly the indexes of the migrations and leaves the databases in WAL mode', async () => {
    const fresh = await migratedSqlite('fresh');
    const indexes = (url: string) => {
      const db = new Database(fileOf(url), { readonly: true });
      try {
        return { mode: db.pragma('journal_mode', { simple: true }), indexes: db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all() };
      } finally {
        db.close();
      }
    };
    for (const s of SUBGRAPHS) {
      const seeded = indexes(urls[s]);
      expect([s, seeded]).toEqual([s, indexes(fresh[s])]);
      expect(seeded.mode).toBe('wal');
      expect(seeded.indexes.length).toBeGreaterThan(0);
    }
  });

  it('refuses to seed the same databases again, and seeds them afresh with reset', async () => {
    await expect(seedAll({ provider: 'sqlite', urls, enterprises: 10, persons: 10, secrets, today: TODAY, now: NOW }))
      .rejects.toThrow(SeedTargetError);
    const before = dump(urls)['enterprise.Enterprise']!.length;
    expect(before).toBe(2000);
    await seedAll({ provider: 'sqlite', urls, enterprises: 20, persons: 10, secrets, today: TODAY, now: NOW, reset: true });
    expect(dump(urls)['enterprise.Enterprise']).toHaveLength(20);
    expect(await isSeeded({ provider: 'sqlite', urls })).toBe(true);
  });
});

describe('determinism', () => {
  it('writes identical rows for the same size, whether sequential or with the worker thread, except the random IV of idCipher', async () => {
    const a = await migratedSqlite('det-a');
    const b = await migratedSqlite('det-b');
    await seedAll({ provider: 'sqlite', urls: a, enterprises: 300, persons: 200, secrets, today: TODAY, now: NOW, parallel: false });
    await seedAll({ provider: 'sqlite', urls: b, enterprises: 300, persons: 200, secrets, today: TODAY, now: NOW, parallel: true });
    const [da, db] = [dump(a), dump(b)];
    const withoutCipher = (rows: unknown[]) => rows.map((r) => ({ ...(r as object), idCipher: undefined }));
    expect(withoutCipher(db['person.Person']!)).toEqual(withoutCipher(da['person.Person']!));
    const ciphers = (rows: unknown[]) => rows.map((r) => decryptIdNumber((r as { idCipher: string }).idCipher, secrets.idEncryptionKey));
    expect(ciphers(db['person.Person']!)).toEqual(ciphers(da['person.Person']!));
    delete da['person.Person'];
    delete db['person.Person'];
    expect(db).toEqual(da);
    expect(da['enterprise.AdministrativePenalty']!.length).toBeGreaterThan(50);
  });

  it('rolls every database back, dropped indexes included, when a seed fails half-way', async () => {
    const urls = await migratedSqlite('fail');
    const fresh = dump(urls);
    const schema = (u: Record<SubgraphName, string>) => SUBGRAPHS.map((s) => {
      const db = new Database(fileOf(u[s]), { readonly: true });
      try {
        return [db.pragma('journal_mode', { simple: true }), db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all()];
      } finally {
        db.close();
      }
    });
    const before = schema(urls);
    for (const parallel of [false, true]) {
      const onProgress = (p: { done: number }) => {
        if (p.done >= 1500) throw new Error('stop here');
      };
      await expect(seedAll({ provider: 'sqlite', urls, enterprises: 3000, persons: 3000, secrets, today: TODAY, now: NOW, parallel, onProgress }))
        .rejects.toThrow('stop here');
      expect(dump(urls)).toEqual(fresh);
      expect(schema(urls)).toEqual(before);
    }
    await seedAll({ provider: 'sqlite', urls, enterprises: 30, persons: 30, secrets, today: TODAY, now: NOW });
    expect(await isSeeded({ provider: 'sqlite', urls })).toBe(true);
  });
});

describe('the demo credentials', () => {
  it('issues working API keys and tokens into a file of the contract’s shape, readable only by its owner', async () => {
    const urls = await migratedSqlite('creds');
    const facts = await seedAll({ provider: 'sqlite', urls, enterprises: 30, persons: 30, secrets, today: TODAY, now: NOW });
    const apiKeys = await issueDemoKeys({ provider: 'sqlite', url: urls.platform, facts, now: NOW });
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'EdDSA' };
    const tokens = await mintDemoTokens(privateJwk, facts, { issuer: 'iss', audience: 'aud', ttlSeconds: 86_400 });
    const file = join(tmp, 'creds', 'demo-credentials.json');
    writeDemoCredentials(file, facts, { apiKeys, ...tokens });

    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(Object.keys(json)).toEqual(['institutions', 'persons', 'enterprises', 'operator']);
    expect(Object.keys(json.institutions)).toEqual(['FINANCIAL', 'GOVERNMENT', 'CREDIT_SERVICE', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT']);
    for (const [kind, v] of Object.entries(json.institutions)) {
      // The source department also says which catalogue department it is and what it provides.
      const department = kind === 'SOURCE_DEPARTMENT' ? { department: 'eco', items: ['FR-XK-001', 'FR-CF-001', 'FR-SSJ-001', 'ZRR-CF-001'] } : {};
      expect(v).toEqual({ id: facts.institutions[kind as 'FINANCIAL'].id, apiKey: expect.stringMatching(/^cg_/), ...department });
    }
    expect(json.persons).toEqual(facts.persons.map((p) => ({ id: p.id, idNumber: p.idNumber, token: expect.any(String) })));
    expect(json.enterprises).toEqual(facts.enterprises.map((e) => ({ uscc: e.uscc, token: expect.any(String) })));
    expect(json.operator).toEqual({ token: expect.any(String) });

    const db = new Database(fileOf(urls.platform), { readonly: true });
    for (const [kind, v] of Object.entries(json.institutions) as [string, { id: string; apiKey: string }][]) {
      const parsed = parseApiKey(v.apiKey)!;
      const row = db.prepare(`SELECT "institutionId", "secretHash", "revokedAt" FROM "ApiKey" WHERE "prefix" = ?`).get(parsed.prefix) as
        { institutionId: string; secretHash: string; revokedAt: string | null };
      expect([kind, row.institutionId, row.revokedAt, secretMatches(parsed.secret, row.secretHash)]).toEqual([kind, v.id, null, true]);
    }
    db.close();

    const verify = createTokenVerifier({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }] }, 'iss', 'aud');
    expect(await verify(json.persons[0].token)).toEqual({ kind: 'PERSON', subject: facts.persons[0]!.id });
    expect(await verify(json.enterprises[0].token)).toEqual({ kind: 'ENTERPRISE', subject: facts.enterprises[0]!.uscc });
    expect(await verify(json.operator.token)).toEqual({ kind: 'OPERATOR', subject: facts.operator.id });

    // Issuing again with revokePrevious leaves only the new keys valid.
    await issueDemoKeys({ provider: 'sqlite', url: urls.platform, facts, now: NOW, revokePrevious: true });
    const after = new Database(fileOf(urls.platform), { readonly: true });
    expect(after.prepare(`SELECT count(*) AS n FROM "ApiKey" WHERE "revokedAt" IS NULL`).get()).toEqual({ n: 6 });
    expect(after.prepare(`SELECT count(*) AS n FROM "ApiKey"`).get()).toEqual({ n: 12 });
    after.close();
  });
});

const maybe = postgresAvailable() ? describe : describe.skip;

maybe('a seed into PostgreSQL', () => {
  let pg: PostgresInstance;
  let urls: Record<SubgraphName, string>;

  beforeAll(async () => {
    pg = await startPostgres();
    urls = {} as Record<SubgraphName, string>;
    for (const s of SUBGRAPHS) {
      urls[s] = await pg.createDatabase(`seed_${s.replace('-', '_')}`);
      await applyMigrations({ subgraph: s, provider: 'postgresql', url: urls[s] });
    }
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('writes the same rows as into SQLite, readable with the PostgreSQL Prisma client', async () => {
    expect(await isSeeded({ provider: 'postgresql', urls })).toBe(false);
    const facts = await seedAll({ provider: 'postgresql', urls, enterprises: 500, persons: 300, secrets, today: TODAY, now: NOW });
    expect(await isSeeded({ provider: 'postgresql', urls })).toBe(true);
    const prisma = new EnterprisePgClient({ adapter: new PrismaPg({ connectionString: urls.enterprise }) });
    try {
      const plan = makePlan({ enterprises: 500, persons: 300, today: TODAY, now: NOW });
      for (const i of [0, 77, 499]) {
        const expected = generateEnterprise(i, plan);
        expect(await prisma.enterprise.findUnique({ where: { uscc: expected.enterprise.uscc } })).toEqual(expected.enterprise);
        expect(await prisma.listEntry.findMany({ where: { uscc: expected.enterprise.uscc }, orderBy: { id: 'asc' } }))
          .toEqual([...expected.lists].sort((a, b) => (a.id < b.id ? -1 : 1)));
      }
      expect(await prisma.enterprise.count()).toBe(500);
    } finally {
      await prisma.$disconnect();
    }
    const person = new PersonPgClient({ adapter: new PrismaPg({ connectionString: urls.person }) });
    try {
      expect(await person.consent.findMany({ select: { personId: true, grantedAt: true, expiresAt: true } }))
        .toEqual([{ personId: facts.persons[2]!.id, grantedAt: NOW, expiresAt: new Date('2027-03-15T02:00:00.000Z') }]);
      expect(await person.person.count()).toBe(300);
    } finally {
      await person.$disconnect();
    }
    const apiKeys = await issueDemoKeys({ provider: 'postgresql', url: urls.platform, facts, now: NOW });
    expect(Object.keys(apiKeys).sort()).toEqual(['CREDIT_SERVICE', 'FINANCIAL', 'GOVERNMENT', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT']);
    await expect(seedAll({ provider: 'postgresql', urls, enterprises: 5, persons: 5, secrets, today: TODAY, now: NOW }))
      .rejects.toThrow(SeedTargetError);
  }, 120_000);
});
