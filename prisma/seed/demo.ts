/**
 * The demo's credentials: who the demo subjects are (`demoFacts`, a pure function of the
 * generator), API keys for the demo institutions, bearer tokens for the demo persons, enterprises
 * and operator, and `$DATA_DIR/demo-credentials.json` in the shape CONTRACT.md fixes.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { generateApiKey } from '../../lib/api-keys.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from '../../lib/caller.ts';
import type { DatabaseProvider } from '../../lib/config.ts';
import { departmentScope } from '../../lib/caller.ts';
import { loadCatalogue } from '../../lib/catalogue/index.ts';
import { storedDateTime } from '../../lib/db/dialect.ts';
import { openSqlite, pgClient } from '../../lib/db/drivers.ts';
import { mintToken } from '../../lib/tokens.ts';
import { generateEnterprise } from './synthetic/enterprises.ts';
import { generatePerson } from './synthetic/persons.ts';
import { DEMO_COUNT, makePlan } from './synthetic/plan.ts';
import { institutionId, OPERATOR_ID } from './synthetic/platform.ts';
import { DEMO_INSTITUTIONS } from './vocabulary/organizations.ts';

export interface DemoFacts {
  /** One institution per kind; FINANCIAL holds persons[2]'s consent. */
  institutions: Record<InstitutionKind, { id: string; name: string }>;
  /** persons[0] is the legal representative of enterprises[0]; persons[2] consented to FINANCIAL. */
  persons: Array<{ id: string; idNumber: string; name: string }>;
  /** enterprises[0] has records in all nine archive categories, "X" records and a loan. */
  enterprises: Array<{ uscc: string; name: string }>;
  operator: { id: string };
}

/** The demo subjects of every seed (ids and codes do not depend on the seed's size or date). */
export function demoFacts(): DemoFacts {
  const plan = makePlan({ enterprises: DEMO_COUNT, persons: DEMO_COUNT, today: '2025-01-01', now: new Date(0) });
  const index = Array.from({ length: DEMO_COUNT }, (_, i) => i);
  return {
    institutions: Object.fromEntries(DEMO_INSTITUTIONS.map((s) => [s.kind, { id: institutionId(s.kind), name: s.name }])) as DemoFacts['institutions'],
    persons: index.map((j) => {
      const d = generatePerson(j, plan);
      return { id: d.person.id, idNumber: d.idNumber, name: d.person.name };
    }),
    enterprises: index.map((i) => {
      const e = generateEnterprise(i, plan).enterprise;
      return { uscc: e.uscc, name: e.name };
    }),
    operator: { id: OPERATOR_ID },
  };
}

export interface IssueKeysOptions {
  provider: DatabaseProvider;
  /** The platform database. */
  url: string;
  facts: DemoFacts;
  now?: Date;
  /** Revoke the keys the demo institutions already have (default false: they keep working). */
  revokePrevious?: boolean;
}

/**
 * Creates one API key per demo institution (only the prefix and the secret's hash are stored) and
 * returns the whole keys, to be shown once.
 */
export async function issueDemoKeys(o: IssueKeysOptions): Promise<Record<InstitutionKind, string>> {
  const now = o.now ?? new Date();
  const ids = INSTITUTION_KINDS.map((kind) => o.facts.institutions[kind].id);
  const keys = INSTITUTION_KINDS.map((kind) => ({ kind, institutionId: o.facts.institutions[kind].id, id: randomUUID(), ...generateApiKey() }));
  const missing = (found: Set<string>) => {
    const absent = ids.filter((id) => !found.has(id));
    if (absent.length) throw new Error(`issueDemoKeys: institutions ${absent.join(', ')} are not in the platform database: seed it first`);
  };
  if (o.provider === 'sqlite') {
    const db = openSqlite(o.url);
    try {
      db.transaction(() => {
        const found = db.prepare(`SELECT "id" FROM "Institution" WHERE "id" IN (${ids.map(() => '?').join(', ')})`).all(...ids) as Array<{ id: string }>;
        missing(new Set(found.map((r) => r.id)));
        if (o.revokePrevious) {
          db.prepare(`UPDATE "ApiKey" SET "revokedAt" = ? WHERE "revokedAt" IS NULL AND "institutionId" IN (${ids.map(() => '?').join(', ')})`)
            .run(storedDateTime('sqlite', now), ...ids);
        }
        const insert = db.prepare(`INSERT INTO "ApiKey" ("id", "institutionId", "prefix", "secretHash", "createdAt", "revokedAt") VALUES (?, ?, ?, ?, ?, NULL)`);
        for (const k of keys) insert.run(k.id, k.institutionId, k.prefix, k.secretHash, storedDateTime('sqlite', now));
      })();
    } finally {
      db.close();
    }
  } else {
    const client = pgClient(o.url);
    await client.connect();
    try {
      await client.query('BEGIN');
      const found = await client.query<{ id: string }>(`SELECT "id" FROM "Institution" WHERE "id" = ANY($1::text[])`, [ids]);
      missing(new Set(found.rows.map((r) => r.id)));
      if (o.revokePrevious) {
        await client.query(`UPDATE "ApiKey" SET "revokedAt" = $1::timestamp(3) WHERE "revokedAt" IS NULL AND "institutionId" = ANY($2::text[])`,
          [storedDateTime('postgresql', now), ids]);
      }
      for (const k of keys) {
        await client.query(
          `INSERT INTO "ApiKey" ("id", "institutionId", "prefix", "secretHash", "createdAt", "revokedAt") VALUES ($1, $2, $3, $4, $5::timestamp(3), NULL)`,
          [k.id, k.institutionId, k.prefix, k.secretHash, storedDateTime('postgresql', now)],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await client.end();
    }
  }
  return Object.fromEntries(keys.map((k) => [k.kind, k.key])) as Record<InstitutionKind, string>;
}

export interface DemoTokens {
  personTokens: string[];
  enterpriseTokens: string[];
  operatorToken: string;
}

/** Tokens of the demo identity provider for every demo person, enterprise and the operator. */
export async function mintDemoTokens(
  privateJwk: JWK, facts: DemoFacts, o: { issuer: string; audience: string; ttlSeconds: number },
): Promise<DemoTokens> {
  const mint = (kind: 'PERSON' | 'ENTERPRISE' | 'OPERATOR', subject: string) =>
    mintToken(privateJwk, { kind, subject, issuer: o.issuer, audience: o.audience, ttlSeconds: o.ttlSeconds });
  return {
    personTokens: await Promise.all(facts.persons.map((p) => mint('PERSON', p.id))),
    enterpriseTokens: await Promise.all(facts.enterprises.map((e) => mint('ENTERPRISE', e.uscc))),
    operatorToken: await mint('OPERATOR', facts.operator.id),
  };
}

/** The credentials file, exactly as CONTRACT.md "demo-credentials.json" shows it. */
export interface DemoCredentials {
  institutions: Record<Exclude<InstitutionKind, 'SOURCE_DEPARTMENT'>, { id: string; apiKey: string }> & {
    /** The demo source department: its catalogue department code and the items it provides. */
    SOURCE_DEPARTMENT: { id: string; apiKey: string; department: string; items: string[] };
  };
  persons: Array<{ id: string; idNumber: string; token: string }>;
  enterprises: Array<{ uscc: string; token: string }>;
  operator: { token: string };
}

/** The contract's key order. */
const FILE_KINDS: readonly InstitutionKind[] = ['FINANCIAL', 'GOVERNMENT', 'CREDIT_SERVICE', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT'];

/** A source department's code in the catalogue: its one `department:<code>` scope. */
function departmentOfSpec(kind: InstitutionKind): { department: string; items: string[] } | Record<string, never> {
  if (kind !== 'SOURCE_DEPARTMENT') return {};
  const spec = DEMO_INSTITUTIONS.find((s) => s.kind === kind)!;
  const department = departmentScope(spec.scopes.split(' '));
  if (!department) throw new Error(`the demo ${kind} institution has no department:<code> scope`);
  return { department, items: loadCatalogue().itemsOf(department).map((i) => i.code) };
}

export function demoCredentials(facts: DemoFacts, c: DemoTokens & { apiKeys: Record<InstitutionKind, string> }): DemoCredentials {
  if (c.personTokens.length !== facts.persons.length || c.enterpriseTokens.length !== facts.enterprises.length) {
    throw new RangeError(`demo credentials: ${facts.persons.length} persons and ${facts.enterprises.length} enterprises need as many tokens; ` +
      `got ${c.personTokens.length} and ${c.enterpriseTokens.length}`);
  }
  return {
    institutions: Object.fromEntries(FILE_KINDS.map((kind) => {
      const apiKey = c.apiKeys[kind];
      if (!apiKey) throw new RangeError(`demo credentials: no API key for the ${kind} institution`);
      return [kind, { id: facts.institutions[kind].id, apiKey, ...departmentOfSpec(kind) }];
    })) as DemoCredentials['institutions'],
    persons: facts.persons.map((p, i) => ({ id: p.id, idNumber: p.idNumber, token: c.personTokens[i]! })),
    enterprises: facts.enterprises.map((e, i) => ({ uscc: e.uscc, token: c.enterpriseTokens[i]! })),
    operator: { token: c.operatorToken },
  };
}

/** Writes the credentials file (mode 0600, replaced atomically). */
export function writeDemoCredentials(file: string, facts: DemoFacts, c: DemoTokens & { apiKeys: Record<InstitutionKind, string> }): DemoCredentials {
  const credentials = demoCredentials(facts, c);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return credentials;
}
