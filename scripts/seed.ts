/**
 * `npm run seed -- --enterprises N --persons M [--data-dir DIR] [--social-orgs K] [--today YYYY-MM-DD] [--reset] [--sequential]`
 *
 * Prepares DATA_DIR (secrets, demo identity provider, migrations: the same steps as `npm start`),
 * fills every subgraph database with the deterministic synthetic data set, issues API keys for the
 * demo institutions and writes $DATA_DIR/demo-credentials.json. --reset empties the seeded tables
 * first; --sequential keeps to one thread (large seeds load persons in a worker). PostgreSQL: set
 * DATABASE_PROVIDER=postgresql and the <SUBGRAPH>_DATABASE_URL variables, as for `npm start`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgressReporter, issueDemoKeys, mintDemoTokens, seedAll, SeedTargetError, writeDemoCredentials } from '../prisma/seed/index.ts';
import { prepare } from './prepare.ts';

const USAGE = 'usage: npm run seed -- --enterprises N --persons M [--data-dir DIR] [--social-orgs K] [--today YYYY-MM-DD] [--reset] [--sequential]';
const TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

const OPTIONS = {
  enterprises: { type: 'string' },
  persons: { type: 'string' },
  'social-orgs': { type: 'string' },
  'data-dir': { type: 'string' },
  today: { type: 'string' },
  reset: { type: 'boolean', default: false },
  sequential: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A mistake on the command line: said in one line, without a stack. */
class UsageError extends Error {}

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/_/g, ''));
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number; got '${text}'\n${USAGE}`);
  return n;
}

async function main() {
  const values = parse(process.argv.slice(2));
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const enterprises = count('enterprises', values.enterprises);
  const persons = count('persons', values.persons);
  if (enterprises === undefined || persons === undefined) throw new UsageError(`--enterprises and --persons are required\n${USAGE}`);

  const env: Record<string, string | undefined> = { ...process.env };
  if (values['data-dir']) env.DATA_DIR = values['data-dir'];
  const prepared = await prepare(env);
  const key = prepared.secrets.PERSON_ID_ENCRYPTION_KEY;
  const idEncryptionKey = new Uint8Array(Buffer.from(key, /[-_]/.test(key) ? 'base64url' : 'base64'));
  console.error(`seed: ${enterprises.toLocaleString('en-US')} enterprises, ${persons.toLocaleString('en-US')} persons into ${prepared.dataDir} (${prepared.provider})`);

  const progress = createProgressReporter();
  const facts = await seedAll({
    provider: prepared.provider,
    urls: prepared.urls,
    enterprises,
    persons,
    socialOrgs: count('social-orgs', values['social-orgs']),
    today: values.today,
    reset: values.reset,
    parallel: values.sequential ? false : undefined,
    secrets: { idHmacSecret: prepared.secrets.PERSON_ID_HMAC_SECRET, idEncryptionKey },
    onProgress: progress,
  });
  progress.done();

  const apiKeys = await issueDemoKeys({ provider: prepared.provider, url: prepared.urls.platform, facts });
  const tokens = await mintDemoTokens(prepared.idp.privateJwk, facts, {
    issuer: env.JWT_ISSUER ?? 'creditgraph-demo-idp',
    audience: env.JWT_AUDIENCE ?? 'creditgraph',
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
  const file = join(prepared.dataDir, 'demo-credentials.json');
  writeDemoCredentials(file, facts, { apiKeys, ...tokens });
  console.error(`seed: demo credentials in ${file}`);
}

main().catch((err) => {
  // RangeError: a size or date the generator refuses (fewer than the 3 demo subjects, a bad --today).
  if (err instanceof UsageError || err instanceof RangeError) console.error(`seed: ${err.message}`);
  else if (err instanceof SeedTargetError) console.error(`seed: ${err.message} (--reset empties the seeded tables first)`);
  else console.error(err);
  process.exit(1);
});
