/**
 * The enterprise subgraph's configuration: the shared subgraph settings plus the holiday calendar
 * its working-day deadlines follow. Read once in main(), frozen, passed down.
 */
import { holidayCalendarSchema, loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE } from '../../lib/working-days.ts';

export interface EnterpriseConfig extends SubgraphConfig {
  /** JSON file of public holidays and make-up working days (format: lib/calendar/cn-holidays.json). */
  holidayCalendarFile: string;
}

/** Validates every variable the enterprise subgraph reads; one ConfigError lists every bad key. */
export function loadEnterpriseConfig(env: Record<string, string | undefined>): Readonly<EnterpriseConfig> {
  const { base, own } = loadSubgraphConfigWith('enterprise', holidayCalendarSchema, env);
  return Object.freeze({ ...base, holidayCalendarFile: own.HOLIDAY_CALENDAR_FILE ?? DEFAULT_HOLIDAY_CALENDAR_FILE });
}
