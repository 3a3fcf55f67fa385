/**
 * The enterprise subgraph's configuration: the shared subgraph settings plus the holiday calendar
 * its working-day deadlines follow, and the report desk's key and peers. Read once in main(),
 * frozen, passed down.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { DEFAULT_MATTERS_FILE } from '../../lib/catalogue/matters.ts';
import { DEFAULT_REPAIR_RULES_FILE } from '../../lib/catalogue/repair-rules.ts';
import { retentionOf, retentionSchema } from '../../lib/collection/retention.ts';
import {
  baseSchema, DEFAULT_PORTS, holidayCalendarSchema, loadSubgraphConfigWith, parseEnv, type SubgraphConfig, type SubgraphName,
} from '../../lib/config.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE } from '../../lib/working-days.ts';

const reportsSchema = z.object({
  REPORT_KEY_FILE: z.string().trim().min(1, 'REPORT_KEY_FILE must name a file').optional(),
  SOCIAL_ORG_URL: z.url('SOCIAL_ORG_URL must be a URL').optional(),
  FINANCE_URL: z.url('FINANCE_URL must be a URL').optional(),
  SOCIAL_ORG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  FINANCE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** CATALOGUE_FILE: a platform's own catalogue (format: lib/catalogue/catalogue.json); unset, the shipped one. */
  CATALOGUE_FILE: z.string().min(1, 'CATALOGUE_FILE must name a file').optional(),
  // Joint sanctions (issue 16): the person subgraph checks persons; the list of matters and measures.
  PERSON_URL: z.url('PERSON_URL must be a URL').optional(),
  PERSON_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SANCTION_MATTERS_FILE: z.string().min(1, 'SANCTION_MATTERS_FILE must name a file').optional(),
  REPAIR_RULES_FILE: z.string().min(1, 'REPAIR_RULES_FILE must name a file').optional(),
});

// The daily retention run (collection/retention.ts): its variables are shared with the social-org
// subgraph's run (lib/collection/retention.ts).

/** The retention settings alone, for the CLI's `retention run` (the same variables and defaults as the subgraph's). */
export function loadRetentionConfig(env: Record<string, string | undefined>): EnterpriseConfig['retention'] {
  return parseEnv(retentionSchema.transform(retentionOf), env);
}

// The grade tracker (grades.ts, issue 14): how often it polls the change log for ratings to redo.
const gradeTrackerSchema = z.object({
  /** RATING_TRACKER_MS: 100–60000 ms between polls, or `off`; default 1000, but off when NODE_ENV=test (tests count statements and turn it on themselves). */
  RATING_TRACKER_MS: z.union([z.literal('off'), z.coerce.number().int().min(100).max(60_000)]).optional(),
  NODE_ENV: baseSchema.shape.NODE_ENV,
});

// Bulk ingest (issue 13): who reads the uploaded files (collection/ingest/runner.ts).
const ingestSchema = z.object({
  /**
   * INGEST_RUNNER: `in-process` (default) reads them in this process; `external` leaves them to the
   * runner process (`collection/ingest-main.ts`, which `npm start` runs under SCHED_IDLE): serving then
   * keeps the CPU a load would take from it.
   */
  INGEST_RUNNER: z.enum(['in-process', 'external'], { error: 'INGEST_RUNNER must be in-process or external' }).default('in-process'),
});

const enterpriseSchema = holidayCalendarSchema.extend(reportsSchema.shape).extend(retentionSchema.shape).extend(gradeTrackerSchema.shape).extend(ingestSchema.shape).extend({
  HOST: baseSchema.shape.HOST,
  DATA_DIR: baseSchema.shape.DATA_DIR,
}).transform((own) => {
  // The peers' URLs as the gateway finds them (`<NAME>_URL`), else their port on this host.
  const peer = (name: SubgraphName, url: string | undefined, port: number | undefined) =>
    url ?? `http://${own.HOST}:${port ?? DEFAULT_PORTS[name]}/graphql`;
  return {
    /** JSON file of public holidays and make-up working days (format: lib/calendar/cn-holidays.json). */
    holidayCalendarFile: own.HOLIDAY_CALENDAR_FILE ?? DEFAULT_HOLIDAY_CALENDAR_FILE,
    /** The public credit information catalogue records are collected against (lib/catalogue). */
    catalogueFile: own.CATALOGUE_FILE ?? DEFAULT_CATALOGUE_FILE,
    retention: retentionOf(own),
    /** Bulk jobs: read by a runner in this process, or left in `ingestSpoolDir` for the runner process (INGEST_RUNNER). */
    ingestRunner: own.INGEST_RUNNER,
    /** Where uploads are spooled until their job ends: `$DATA_DIR/ingest`. */
    ingestSpoolDir: resolve(own.DATA_DIR, 'ingest'),
    /** The grade tracker's poll interval in ms (RATING_TRACKER_MS); null: not running in this process. */
    gradeTrackerMs: own.RATING_TRACKER_MS === 'off' ? null : own.RATING_TRACKER_MS ?? (own.NODE_ENV === 'test' ? null : 1000),
    /** `REPORT_KEY_FILE`: the credit reports' Ed25519 key pair (`{ privateJwk, jwks }`); default `$DATA_DIR/report-key.json`. */
    reportKeyFile: resolve(own.REPORT_KEY_FILE ?? resolve(own.DATA_DIR, 'report-key.json')),
    /** Where the report desk asks for a social organisation's archive and an enterprise's loans. */
    peerUrls: {
      socialOrg: peer('social-org', own.SOCIAL_ORG_URL, own.SOCIAL_ORG_PORT),
      finance: peer('finance', own.FINANCE_URL, own.FINANCE_PORT),
      person: peer('person', own.PERSON_URL, own.PERSON_PORT),
    },
    /** `SANCTION_MATTERS_FILE`: the joint sanctions list (format: lib/catalogue/matters.json); unset, the shipped one. */
    mattersFile: own.SANCTION_MATTERS_FILE ?? DEFAULT_MATTERS_FILE,
    /** `REPAIR_RULES_FILE`: credit repair rules per class of record (format: lib/catalogue/repair.json). */
    repairRulesFile: own.REPAIR_RULES_FILE ?? DEFAULT_REPAIR_RULES_FILE,
  };
});

export type EnterpriseConfig = SubgraphConfig & z.infer<typeof enterpriseSchema>;

/** Validates every variable the enterprise subgraph reads; one ConfigError lists every bad key. */
export function loadEnterpriseConfig(env: Record<string, string | undefined>): Readonly<EnterpriseConfig> {
  return loadSubgraphConfigWith('enterprise', enterpriseSchema, env);
}
