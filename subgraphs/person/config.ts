/**
 * The person subgraph's configuration: the shared subgraph settings plus the two secrets that
 * protect resident ID numbers at rest. Read once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { ConfigError, loadSubgraphConfig, parseEnv, type SubgraphConfig } from '../../lib/config.ts';

export interface PersonConfig extends SubgraphConfig {
  /** HMAC key of the `idHash` lookup column (the ID number space is small: the key is the protection). */
  idHmacSecret: string;
  /** AES-256-GCM key of the `idCipher` column: 32 bytes. */
  idEncryptionKey: Uint8Array;
}

const AES_KEY_BYTES = 32;

/** 32 bytes from base64 (padded or not) or base64url; null for anything else. */
function decodeKey(text: string): Buffer | null {
  const s = text.trim();
  const encoding = /^[A-Za-z0-9+/]{43}=?$/.test(s) ? 'base64' : /^[A-Za-z0-9_-]{43}$/.test(s) ? 'base64url' : null;
  if (!encoding) return null;
  const key = Buffer.from(s, encoding);
  return key.length === AES_KEY_BYTES ? key : null;
}

const personSchema = z.object({
  PERSON_ID_HMAC_SECRET: z.string({ error: 'PERSON_ID_HMAC_SECRET is required' })
    .min(32, 'PERSON_ID_HMAC_SECRET must be at least 32 characters'),
  PERSON_ID_ENCRYPTION_KEY: z.string({ error: 'PERSON_ID_ENCRYPTION_KEY is required' })
    .refine(
      (s) => decodeKey(s) !== null,
      `PERSON_ID_ENCRYPTION_KEY must be the base64 of ${AES_KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\`)`,
    ),
});

/** Validates every variable the person subgraph reads; one ConfigError lists every bad key. */
export function loadPersonConfig(env: Record<string, string | undefined>): Readonly<PersonConfig> {
  const issues: string[] = [];
  let base: Readonly<SubgraphConfig> | undefined;
  try {
    base = loadSubgraphConfig('person', env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  let own: z.infer<typeof personSchema> | undefined;
  try {
    own = parseEnv(personSchema, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  if (!base || !own) throw new ConfigError(issues);
  return Object.freeze({
    ...base,
    idHmacSecret: own.PERSON_ID_HMAC_SECRET,
    idEncryptionKey: new Uint8Array(decodeKey(own.PERSON_ID_ENCRYPTION_KEY)!),
  });
}
