/**
 * The person subgraph's configuration: the shared subgraph settings, the two secrets that protect
 * resident ID numbers at rest, the integrity codes' signing key file, issuing city and lifetime,
 * and the holiday calendar its objections' deadlines follow. Read once in main(), frozen, passed
 * down.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { baseSchema, holidayCalendarSchema, loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { DEFAULT_REPAIR_RULES_FILE } from '../../lib/catalogue/repair-rules.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE } from '../../lib/working-days.ts';

/** Huzhou (湖州市), whose 诚信码 partner cities honour: the demo platform's city. */
export const DEFAULT_INTEGRITY_CITY = '330500';
export const DEFAULT_INTEGRITY_CODE_TTL_SECONDS = 300;
/** Codes live minutes: long enough to show at a counter, short enough that a copy goes stale. */
export const MIN_INTEGRITY_CODE_TTL_SECONDS = 30;
export const MAX_INTEGRITY_CODE_TTL_SECONDS = 1800;

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
  INTEGRITY_KEY_FILE: z.string({ error: 'INTEGRITY_KEY_FILE is required (the integrity-code signing key, { privateJwk, jwks })' })
    .trim().min(1, 'INTEGRITY_KEY_FILE must name a file'),
  INTEGRITY_CITY: z.string().trim()
    .regex(/^[1-9]\d{5}$/, 'INTEGRITY_CITY must be a 6-digit administrative division code, e.g. 330500')
    .default(DEFAULT_INTEGRITY_CITY),
  INTEGRITY_CODE_TTL_SECONDS: z.coerce.number({ error: 'INTEGRITY_CODE_TTL_SECONDS must be a number of seconds' })
    .int('INTEGRITY_CODE_TTL_SECONDS must be whole seconds')
    .min(MIN_INTEGRITY_CODE_TTL_SECONDS, `INTEGRITY_CODE_TTL_SECONDS must be at least ${MIN_INTEGRITY_CODE_TTL_SECONDS}`)
    .max(MAX_INTEGRITY_CODE_TTL_SECONDS, `INTEGRITY_CODE_TTL_SECONDS must be at most ${MAX_INTEGRITY_CODE_TTL_SECONDS}`)
    .default(DEFAULT_INTEGRITY_CODE_TTL_SECONDS),
  REPORT_KEY_FILE: z.string().trim().min(1, 'REPORT_KEY_FILE must name a file').optional(),
  DATA_DIR: baseSchema.shape.DATA_DIR,
  // Persons' credit repair (issue 16): the same rules and catalogue departments as the enterprise subgraph's.
  REPAIR_RULES_FILE: z.string().min(1, 'REPAIR_RULES_FILE must name a file').optional(),
  CATALOGUE_FILE: z.string().min(1, 'CATALOGUE_FILE must name a file').optional(),
}).extend(holidayCalendarSchema.shape).transform((own) => ({
  /** HMAC key of the `idHash` lookup column (the ID number space is small: the key is the protection). */
  idHmacSecret: own.PERSON_ID_HMAC_SECRET,
  /** AES-256-GCM key of the `idCipher` column: 32 bytes. */
  idEncryptionKey: new Uint8Array(decodeKey(own.PERSON_ID_ENCRYPTION_KEY)!),
  /** `INTEGRITY_KEY_FILE`: the Ed25519 key pair (`{ privateJwk, jwks }`) that signs integrity codes. */
  integrityKeyFile: resolve(own.INTEGRITY_KEY_FILE),
  /** `INTEGRITY_CITY`: the issuing city's administrative division code (GB/T 2260), the codes' `city`. */
  integrityCity: own.INTEGRITY_CITY,
  /** `INTEGRITY_CODE_TTL_SECONDS`: how long an integrity code stays valid. */
  integrityCodeTtlSeconds: own.INTEGRITY_CODE_TTL_SECONDS,
  /** `HOLIDAY_CALENDAR_FILE`: public holidays and make-up working days (format: lib/calendar/cn-holidays.json). */
  holidayCalendarFile: own.HOLIDAY_CALENDAR_FILE ?? DEFAULT_HOLIDAY_CALENDAR_FILE,
  /** `REPORT_KEY_FILE`: the credit reports' Ed25519 key pair (`{ privateJwk, jwks }`); default `$DATA_DIR/report-key.json`. */
  reportKeyFile: resolve(own.REPORT_KEY_FILE ?? resolve(own.DATA_DIR, 'report-key.json')),
  /** `REPAIR_RULES_FILE`: credit repair rules per class of record (format: lib/catalogue/repair.json). */
  repairRulesFile: own.REPAIR_RULES_FILE ?? DEFAULT_REPAIR_RULES_FILE,
  /** `CATALOGUE_FILE`: the catalogue whose departments repair applications are routed to (谁处罚、谁修复). */
  catalogueFile: own.CATALOGUE_FILE ?? DEFAULT_CATALOGUE_FILE,
}));

export type PersonConfig = SubgraphConfig & z.infer<typeof personSchema>;

/** Validates every variable the person subgraph reads; one ConfigError lists every bad key. */
export function loadPersonConfig(env: Record<string, string | undefined>): Readonly<PersonConfig> {
  return loadSubgraphConfigWith('person', personSchema, env);
}
