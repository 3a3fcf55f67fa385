/**
 * The demo: on first start the deterministic synthetic seed; at every start fresh tokens for the
 * demo persons, enterprises and operator, written with the demo institutions' API keys to
 * `$DATA_DIR/demo-credentials.json` (the keys are kept across restarts; a fresh seed issues new).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  demoFacts, isSeeded, issueDemoKeys, mintDemoTokens, seedAll, writeDemoCredentials, createProgressReporter,
  type DemoCredentials,
} from '../prisma/seed/index.ts';
import { INSTITUTION_KINDS, type InstitutionKind } from '../lib/caller.ts';
import type { Prepared } from './prepare.ts';

export type { DemoCredentials };

/** Demo tokens live a week: "at least 24 hours", minted afresh at every start. */
const TOKEN_TTL_SECONDS = 7 * 24 * 3600;

export interface Demo {
  credentialsFile: string;
  credentials: DemoCredentials;
  firstUscc: string;
  seeded: boolean;
}

export async function ensureDemo(p: Prepared, size?: { enterprises: number; persons: number }): Promise<Demo> {
  const credentialsFile = join(p.dataDir, 'demo-credentials.json');
  const enterprises = size?.enterprises ?? Number(p.env.SEED_ENTERPRISES ?? 3000);
  const persons = size?.persons ?? Number(p.env.SEED_PERSONS ?? 2000);
  let seeded = false;
  if (!(await isSeeded({ provider: p.provider, urls: p.urls }))) {
    const progress = p.env.NODE_ENV === 'test' ? undefined : createProgressReporter();
    await seedAll({
      provider: p.provider, urls: p.urls, enterprises, persons,
      secrets: {
        idHmacSecret: p.secrets.PERSON_ID_HMAC_SECRET,
        idEncryptionKey: Buffer.from(p.secrets.PERSON_ID_ENCRYPTION_KEY, 'base64'),
      },
      onProgress: progress,
      // Not seeded yet: rows a crashed earlier load left behind are cleared in the same transaction.
      reset: true,
    });
    progress?.done();
    seeded = true;
  }
  const facts = demoFacts();
  let apiKeys: Record<InstitutionKind, string> | null = null;
  if (!seeded && existsSync(credentialsFile)) {
    const old = JSON.parse(readFileSync(credentialsFile, 'utf8')) as DemoCredentials;
    apiKeys = Object.fromEntries(Object.entries(old.institutions).map(([k, v]) => [k, v.apiKey])) as Record<InstitutionKind, string>;
    // A file from before a kind existed (SOURCE_DEPARTMENT): issue every demo key afresh.
    if (INSTITUTION_KINDS.some((kind) => !apiKeys![kind])) apiKeys = null;
  }
  apiKeys ??= await issueDemoKeys({ provider: p.provider, url: p.urls.platform, facts });
  const tokens = await mintDemoTokens(p.idp.privateJwk, facts, {
    issuer: p.env.JWT_ISSUER ?? 'creditgraph-demo-idp',
    audience: p.env.JWT_AUDIENCE ?? 'creditgraph',
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
  const credentials = writeDemoCredentials(credentialsFile, facts, { ...tokens, apiKeys });
  return { credentialsFile, credentials, firstUscc: facts.enterprises[0]!.uscc, seeded };
}
