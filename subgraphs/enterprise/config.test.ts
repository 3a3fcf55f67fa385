import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError } from '../../lib/config.ts';
import { DEFAULT_HOLIDAY_CALENDAR_FILE, HolidayCalendarError } from '../../lib/working-days.ts';
import { loadEnterpriseConfig } from './config.ts';
import { insertArchive } from './db/index.ts';
import { archiveRows, enterpriseCaller, enterpriseRow, SECRET, startTestSubgraph, uscc } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadEnterpriseConfig', () => {
  const env = { CALLER_SIGNING_SECRET: SECRET };

  it('uses the shipped holiday calendar unless HOLIDAY_CALENDAR_FILE names another', () => {
    expect(loadEnterpriseConfig(env).holidayCalendarFile).toBe(DEFAULT_HOLIDAY_CALENDAR_FILE);
    expect(loadEnterpriseConfig({ ...env, HOLIDAY_CALENDAR_FILE: '/etc/cal.json' }).holidayCalendarFile).toBe('/etc/cal.json');
  });

  it('runs the grade tracker every second by default, not under NODE_ENV=test unless RATING_TRACKER_MS asks, never when it says off', () => {
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'development' }).gradeTrackerMs).toBe(1000);
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'test' }).gradeTrackerMs).toBeNull();
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'test', RATING_TRACKER_MS: '250' }).gradeTrackerMs).toBe(250);
    expect(loadEnterpriseConfig({ ...env, NODE_ENV: 'development', RATING_TRACKER_MS: 'off' }).gradeTrackerMs).toBeNull();
    expect(() => loadEnterpriseConfig({ ...env, RATING_TRACKER_MS: '5' })).toThrow(ConfigError);
  });

  it('lists every bad key in one error', () => {
    let error: unknown;
    try {
      loadEnterpriseConfig({ HOLIDAY_CALENDAR_FILE: '' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      'CALLER_SIGNING_SECRET: Invalid input: expected string, received undefined',
      'HOLIDAY_CALENDAR_FILE: HOLIDAY_CALENDAR_FILE must name a file',
    ]);
  });
});

describe('HOLIDAY_CALENDAR_FILE', () => {
  it('moves the workflows\' deadlines by the calendar it names', async () => {
    const file = join(dir, 'cal.json');
    // A made-up holiday on Monday 16 June 2025 (the test clock's "today" is Sunday 15 June).
    writeFileSync(file, JSON.stringify({ years: { '2025': { status: 'official', holidays: [{ name: 'test', from: '2025-06-16', to: '2025-06-16' }], workdays: [] } } }));
    const sg = await startTestSubgraph({ env: { HOLIDAY_CALENDAR_FILE: file } });
    try {
      await insertArchive(sg.db, { enterprises: [enterpriseRow(1)], penalties: archiveRows(uscc(1), 's').penalties });
      const { body } = await sg.query(enterpriseCaller(uscc(1)), 'mutation { fileObjection(recordId: "s-pen", reason: "有误") { checkDueOn } }');
      expect(body).toEqual({ data: { fileObjection: { checkDueOn: '2025-06-17' } } });
    } finally {
      await sg.stop();
    }
  });

  it('stops the start when the file is not a valid calendar', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ years: { '2025': { status: 'official', holidays: [], workdays: [{ date: '2025-06-16', for: 'x' }] } } }));
    await expect(startTestSubgraph({ env: { HOLIDAY_CALENDAR_FILE: file } })).rejects.toThrow(HolidayCalendarError);
    await expect(startTestSubgraph({ env: { HOLIDAY_CALENDAR_FILE: join(dir, 'missing.json') } })).rejects.toThrow(/missing\.json/);
  });
});
