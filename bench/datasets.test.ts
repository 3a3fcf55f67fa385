/**
 * The bench measures a data set's steady state: before a pass it waits until the enterprise
 * subgraph's grade tracker has rated every change event (a freshly seeded 1 M data set holds
 * ~160,000 LISTED events, which the tracker otherwise works through during the measurement).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadCatalogue } from '../lib/catalogue/index.ts';
import { transaction } from '../lib/db/client.ts';
import { appendChangeEvents } from '../subgraphs/enterprise/db/change-log.ts';
import { openEnterpriseDb, type Db } from '../subgraphs/enterprise/db/client.ts';
import { trackGrades } from '../subgraphs/enterprise/grades.ts';
import { enterpriseRow, NOW, uscc } from '../subgraphs/enterprise/test-support.ts';
import { freshDatabase, type FreshDatabase } from '../tests/support/subgraph.ts';
import { gradeTrackerCaughtUp, type Dataset } from './datasets.ts';

describe('the bench before it measures', () => {
  let database: FreshDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await freshDatabase('enterprise');
    db = await openEnterpriseDb('sqlite', database.url);
  });
  afterAll(async () => {
    await db?.close();
    database?.remove();
  });

  it('waits until the grade tracker has rated every change event, then goes on', async () => {
    await transaction(db, async (tx) => {
      await tx.prisma.enterprise.create({ data: enterpriseRow(1) });
      await appendChangeEvents(tx, [{
        type: 'SUBJECT_ADDED', subjectKind: 'LEGAL_PERSON', subject: uscc(1), category: 'OVERVIEW', recordType: 'Enterprise', recordId: uscc(1), source: 'SEED',
      }], NOW, 'sqlite');
    });
    // Only what gradeTrackerCaughtUp reads of a data set: where its enterprise database is.
    const dataset = { key: 'test', prepared: { provider: 'sqlite', urls: { enterprise: database.url } } } as unknown as Dataset;
    const lines: string[] = [];
    let settled = false;
    const waiting = gradeTrackerCaughtUp(dataset, (line) => lines.push(line)).finally(() => { settled = true; });

    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(lines[0]).toContain('1 change events behind');
    expect(settled).toBe(false);

    // The subgraph's tracker does a round (as its own timer would): the bench sees the cursor at the log's end.
    expect(await trackGrades(db, { now: NOW, provider: 'sqlite', catalogue: loadCatalogue() })).toMatchObject({ events: 1, rated: 1 });
    await waiting;
    expect(settled).toBe(true);
  });

  it('goes on at once when the tracker is not behind', async () => {
    const dataset = { key: 'test', prepared: { provider: 'sqlite', urls: { enterprise: database.url } } } as unknown as Dataset;
    const lines: string[] = [];
    await gradeTrackerCaughtUp(dataset, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
