/**
 * `ingestJobs`: bulk loads listed newest first, by the rule of `dataQuality` (an operator every
 * department's or the one named, a department its own), paged by the last id, and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '../../../lib/caller.ts';
import { postgresAvailable, startPostgres, type PostgresInstance } from '../../../tests/support/postgres.ts';
import { createReceipt } from '../db/collection.ts';
import { enterpriseCaller, institution, operator, startTestSubgraph, uscc, type TestSubgraph } from '../test-support.ts';
import { civil, eco } from './test-support.ts';

const JOBS = `query($d: String, $first: Int, $after: ID) { ingestJobs(department: $d, first: $first, after: $after) {
  id item department status submitted accepted rejected } }`;

const providers = postgresAvailable() ? ['sqlite', 'postgresql'] as const : ['sqlite'] as const;
let sg: TestSubgraph;
let pg: PostgresInstance | undefined;
const list = async (caller: Principal, variables: Record<string, unknown> = {}) => (await sg.query(caller, JOBS, variables)).body;
const ids = async (caller: Principal, variables: Record<string, unknown> = {}) =>
  ((await list(caller, variables)).data?.ingestJobs as { id: string }[] | null)?.map((j) => j.id);

const receipt = (id: string, departmentCode: string, at: string, over: { channel?: string; status?: string } = {}) => ({
  id, departmentCode, itemCode: 'FR-CF-001', channel: over.channel ?? 'BULK', status: over.status ?? 'DONE', actorKind: 'INSTITUTION',
  actorId: `inst-${departmentCode}`, format: 'CSV', encoding: 'UTF-8', receivedAt: new Date(at), submitted: 10, accepted: 8, rejected: 2,
});

describe.each(providers)('ingestJobs on %s', (provider) => {
  beforeAll(async () => {
    pg = provider === 'postgresql' ? await startPostgres() : undefined;
    sg = await startTestSubgraph({ postgresUrl: pg ? await pg.createDatabase('ingest_jobs') : undefined });
    for (const r of [
      receipt('job-eco-1', 'eco', '2025-06-01T01:00:00Z'),
      receipt('job-samr-1', 'samr', '2025-06-02T01:00:00Z'),
      receipt('job-eco-2', 'eco', '2025-06-03T01:00:00Z', { status: 'RUNNING' }),
      receipt('job-eco-3', 'eco', '2025-06-04T01:00:00Z', { status: 'FAILED' }),
      // A submitRecords call is a receipt too, but not a job.
      receipt('api-eco-1', 'eco', '2025-06-05T01:00:00Z', { channel: 'API' }),
    ]) await createReceipt(sg.db, r);
  }, 120_000);
  afterAll(async () => {
    await sg?.stop();
    await pg?.stop();
  });

  it('lists every department\'s bulk jobs to an operator, newest first, without the API receipts', async () => {
    const body = await list(operator);
    expect(body.errors).toBeUndefined();
    expect(body.data!.ingestJobs).toEqual([
      { id: 'job-eco-3', item: 'FR-CF-001', department: 'eco', status: 'FAILED', submitted: 10, accepted: 8, rejected: 2 },
      { id: 'job-eco-2', item: 'FR-CF-001', department: 'eco', status: 'RUNNING', submitted: 10, accepted: 8, rejected: 2 },
      { id: 'job-samr-1', item: 'FR-CF-001', department: 'samr', status: 'DONE', submitted: 10, accepted: 8, rejected: 2 },
      { id: 'job-eco-1', item: 'FR-CF-001', department: 'eco', status: 'DONE', submitted: 10, accepted: 8, rejected: 2 },
    ]);
    await expect(ids(operator, { d: 'samr' })).resolves.toEqual(['job-samr-1']);
  });

  it('lists a source department its own jobs only', async () => {
    await expect(ids(eco)).resolves.toEqual(['job-eco-3', 'job-eco-2', 'job-eco-1']);
    await expect(ids(eco, { d: 'eco' })).resolves.toEqual(['job-eco-3', 'job-eco-2', 'job-eco-1']);
    await expect(ids(civil)).resolves.toEqual([]);
  });

  it('pages by the last id of the page before', async () => {
    await expect(ids(operator, { first: 2 })).resolves.toEqual(['job-eco-3', 'job-eco-2']);
    await expect(ids(operator, { first: 2, after: 'job-eco-2' })).resolves.toEqual(['job-samr-1', 'job-eco-1']);
    await expect(ids(eco, { first: 2, after: 'job-eco-2' })).resolves.toEqual(['job-eco-1']);
    await expect(ids(operator, { first: 0 })).resolves.toEqual([]);
    const tooMany = await list(operator, { first: 101 });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'FIRST_TOO_LARGE' });
  });

  it('refuses a department another department\'s jobs, and callers who are neither departments nor operators', async () => {
    for (const [caller, variables] of [
      [eco, { d: 'samr' }], [institution('FINANCIAL'), {}], [enterpriseCaller(uscc(1)), {}], [{ kind: 'ANONYMOUS' }, {}],
    ] as [Principal, Record<string, unknown>][]) {
      const body = await list(caller, variables);
      expect(body.data).toEqual({ ingestJobs: null });
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });
});
