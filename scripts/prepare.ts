/**
 * Everything `npm start` (and the integration tests) do before the services start, on the
 * embedded default or on PostgreSQL: the data directory, development secrets, the demo identity
 * provider's keys, migrations for every subgraph database.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyMigrations } from '../lib/db/migrations.ts';
import { databaseUrl, envPrefix, SUBGRAPHS, toBaseConfig, baseSchema, parseEnv, type SubgraphName } from '../lib/config.ts';
import { loadOrCreateDemoProvider, type DemoIdentityProvider } from '../lib/tokens.ts';

type Env = Record<string, string | undefined>;

export interface DevSecrets {
  CALLER_SIGNING_SECRET: string;
  PERSON_ID_HMAC_SECRET: string;
  PERSON_ID_ENCRYPTION_KEY: string;
}

/**
 * Development only: secrets made once and kept under DATA_DIR (mode 0600), so data stays readable
 * across restarts. Production must set them itself; start refuses to make them up there.
 */
export function loadOrCreateDevSecrets(dataDir: string, env: Env): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  const existing: Partial<DevSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const secrets: DevSecrets = {
    CALLER_SIGNING_SECRET: env.CALLER_SIGNING_SECRET ?? existing.CALLER_SIGNING_SECRET ?? randomBytes(32).toString('base64url'),
    PERSON_ID_HMAC_SECRET: env.PERSON_ID_HMAC_SECRET ?? existing.PERSON_ID_HMAC_SECRET ?? randomBytes(32).toString('base64url'),
    PERSON_ID_ENCRYPTION_KEY: env.PERSON_ID_ENCRYPTION_KEY ?? existing.PERSON_ID_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
  };
  if (env.NODE_ENV === 'production') {
    const missing = (Object.keys(secrets) as (keyof DevSecrets)[]).filter((k) => !env[k]);
    if (missing.length) throw new Error(`production: set ${missing.join(', ')} (secrets are never generated in production)`);
  } else {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export interface Prepared {
  env: Env;
  dataDir: string;
  provider: 'sqlite' | 'postgresql';
  urls: Record<SubgraphName, string>;
  idp: DemoIdentityProvider;
  secrets: DevSecrets;
}

/** Makes DATA_DIR, secrets and the demo IdP, migrates every database; returns the env the services need. */
export async function prepare(input: Env): Promise<Prepared> {
  const dataDir = resolve(input.DATA_DIR ?? './data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = loadOrCreateDevSecrets(dataDir, input);
  const idp = await loadOrCreateDemoProvider(join(dataDir, 'idp-demo-key.json'));
  const jwksFile = input.JWT_JWKS_FILE ?? join(dataDir, 'idp-jwks.json');
  if (!input.JWT_JWKS_FILE) writeFileSync(jwksFile, JSON.stringify(idp.jwks, null, 2));
  // Integrity codes (same-city treatment): the person subgraph signs with the private key; the
  // gateway publishes the public half at /.well-known/jwks.json for partner cities.
  const integrityKeyFile = input.INTEGRITY_KEY_FILE ?? join(dataDir, 'integrity-key.json');
  const integrity = await loadOrCreateDemoProvider(integrityKeyFile);
  const integrityJwksFile = input.INTEGRITY_JWKS_FILE ?? join(dataDir, 'integrity-jwks.json');
  if (!input.INTEGRITY_JWKS_FILE) writeFileSync(integrityJwksFile, JSON.stringify(integrity.jwks, null, 2));
  // Credit reports: the enterprise and person subgraphs sign with their own key (its own kid); the
  // gateway publishes the public half beside the integrity codes' key.
  const reportKeyFile = input.REPORT_KEY_FILE ?? join(dataDir, 'report-key.json');
  const reportKey = await loadOrCreateDemoProvider(reportKeyFile, 'report');
  const reportJwksFile = input.REPORT_JWKS_FILE ?? join(dataDir, 'report-jwks.json');
  if (!input.REPORT_JWKS_FILE) writeFileSync(reportJwksFile, JSON.stringify(reportKey.jwks, null, 2));
  const env: Env = {
    ...input, ...secrets, DATA_DIR: dataDir, JWT_JWKS_FILE: jwksFile,
    INTEGRITY_KEY_FILE: integrityKeyFile, INTEGRITY_JWKS_FILE: integrityJwksFile,
    REPORT_KEY_FILE: reportKeyFile, REPORT_JWKS_FILE: reportJwksFile,
  };
  const base = toBaseConfig(parseEnv(baseSchema, env));
  const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, databaseUrl(name, base, env)])) as Record<SubgraphName, string>;
  for (const name of SUBGRAPHS) {
    env[`${envPrefix(name)}_DATABASE_URL`] = urls[name];
    await applyMigrations({ subgraph: name, provider: base.provider, url: urls[name] });
  }
  return { env, dataDir, provider: base.provider, urls, idp, secrets };
}
