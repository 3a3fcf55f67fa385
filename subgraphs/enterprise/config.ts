/**
 * The enterprise subgraph's configuration: the shared subgraph settings plus the holiday calendar
 * its working-day deadlines follow. Read once in main(), frozen, passed down.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, loadSubgraphConfig, parseEnv, type SubgraphConfig } from '../../lib/config.ts';

export interface EnterpriseConfig extends SubgraphConfig {
  /** JSON file of public holidays and make-up working days (format: calendar/cn-holidays.json). */
  holidayCalendarFile: string;
}

/** The calendar shipped with the code: 2026 (official) and 2027 (provisional). */
export const DEFAULT_HOLIDAY_CALENDAR_FILE = fileURLToPath(new URL('./calendar/cn-holidays.json', import.meta.url));

const enterpriseSchema = z.object({
  HOLIDAY_CALENDAR_FILE: z.string().min(1, 'HOLIDAY_CALENDAR_FILE must name a file').optional(),
});

/** Validates every variable the enterprise subgraph reads; one ConfigError lists every bad key. */
export function loadEnterpriseConfig(env: Record<string, string | undefined>): Readonly<EnterpriseConfig> {
  const issues: string[] = [];
  let base: Readonly<SubgraphConfig> | undefined;
  let own: z.infer<typeof enterpriseSchema> | undefined;
  try {
    base = loadSubgraphConfig('enterprise', env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  try {
    own = parseEnv(enterpriseSchema, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
  }
  if (!base || !own) throw new ConfigError(issues);
  return Object.freeze({ ...base, holidayCalendarFile: own.HOLIDAY_CALENDAR_FILE ?? DEFAULT_HOLIDAY_CALENDAR_FILE });
}
