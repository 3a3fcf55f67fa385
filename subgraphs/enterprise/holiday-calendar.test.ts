// The holiday calendar's effect on the workflows' deadlines, over the real subgraph. Apart from
// config.test.ts so that the zod schema's tests start no server (they are the mutation group
// config-enterprise: stryker.config.mjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { HolidayCalendarError } from '../../lib/working-days.ts';
import { insertArchive } from './db/index.ts';
import { archiveRows, enterpriseCaller, enterpriseRow, startTestSubgraph, uscc } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'creditgraph-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
