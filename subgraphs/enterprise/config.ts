/**
 * The enterprise subgraph's configuration: the shared subgraph settings plus the holiday calendar
 * its working-day deadlines follow. Read once in main(), frozen, passed down.
 */
import { z } from 'zod';
import { DEFAULT_CATALOGUE_FILE } from '../../lib/catalogue/index.ts';
import { holidayCalendarSchema, loadSubgraphConfigWith, type SubgraphConfig } from '../../lib/config.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE } from '../../lib/working-days.ts';

export interface EnterpriseConfig extends SubgraphConfig {
  /** JSON file of public holidays and make-up working days (format: lib/calendar/cn-holidays.json). */
  holidayCalendarFile: string;
  /** The public credit information catalogue records are collected against (lib/catalogue). */
  catalogueFile: string;
}

/** CATALOGUE_FILE: a platform's own catalogue (format: lib/catalogue/catalogue.json); unset, the shipped one. */
const ownSchema = holidayCalendarSchema.extend({
  CATALOGUE_FILE: z.string().min(1, 'CATALOGUE_FILE must name a file').optional(),
});

/** Validates every variable the enterprise subgraph reads; one ConfigError lists every bad key. */
export function loadEnterpriseConfig(env: Record<string, string | undefined>): Readonly<EnterpriseConfig> {
  const { base, own } = loadSubgraphConfigWith('enterprise', ownSchema, env);
  return Object.freeze({
    ...base,
    holidayCalendarFile: own.HOLIDAY_CALENDAR_FILE ?? DEFAULT_HOLIDAY_CALENDAR_FILE,
    catalogueFile: own.CATALOGUE_FILE ?? DEFAULT_CATALOGUE_FILE,
  });
}
