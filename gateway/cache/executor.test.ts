import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ANONYMOUS } from '../../lib/caller.ts';
import type { OperationUsage } from '../metering/operation-usage.ts';
import { answerFromCache, stringifyResult, type CacheableRequest } from './executor.ts';
import { ResponseCache } from './response-cache.ts';

type Result = { data?: Record<string, unknown> | null; errors?: readonly unknown[] };

const request = (uscc: string): CacheableRequest => ({
  queryHash: 'h', request: { operationName: 'E', variables: { uscc } }, operation: { operation: 'query' },
  context: { principal: ANONYMOUS, usage: { archivePulls: 0, personRecordPulls: 0, fields: [], operationName: 'E' } as OperationUsage },
});
const answerOf = (uscc: string) => ({ data: { enterprise: { uscc, name: `企业${uscc}`, penalties: [{ id: `p-${uscc}` }] } } });
/** The body Apollo Server writes for a result without errors; made before any spy counts. */
const BODY = { A: `${JSON.stringify(answerOf('A'))}\n`, B: `${JSON.stringify(answerOf('B'))}\n` };
const wiring = { cacheability: () => ({ subjects: [{ variable: 'uscc' }] }), metered: () => false };
/** JSON.stringify calls on a result, its data or the body's `{ data }` (not the cache key's variables). */
const stringifiedResults = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter(([v]) => typeof v === 'object' && v !== null && 'data' in v).length;

afterEach(() => { jest.restoreAllMocks(); });

describe('the response cache around the executor', () => {
  it('writes a computed answer it keeps as the body it kept: the data is stringified once', async () => {
    const cache = new ResponseCache({ bytes: 1024 * 1024, ttlMs: 60_000 });
    const exec = answerFromCache<CacheableRequest, Result>(cache, async (rc) => answerOf(String(rc.request.variables!.uscc)), wiring);
    const spy = jest.spyOn(JSON, 'stringify');
    const result = await exec(request('A'));
    const written = stringifyResult({ errors: undefined, ...result, extensions: undefined });
    expect(stringifiedResults(spy)).toBe(1);
    expect(written).toBe(BODY.A);
    expect(cache.stats.stored).toBe(1);
  });

  it('makes no body for an answer the cache refuses, and writes that one stringified once', async () => {
    // Room for about one answer: once it holds one, a key asked for no more often is refused.
    const cache = new ResponseCache({ bytes: 1_300, ttlMs: 60_000 });
    const exec = answerFromCache<CacheableRequest, Result>(cache, async (rc) => answerOf(String(rc.request.variables!.uscc)), wiring);
    await exec(request('A'));
    const spy = jest.spyOn(JSON, 'stringify');
    const result = await exec(request('B'));
    expect(cache.stats.refused).toBe(1);
    expect(stringifiedResults(spy)).toBe(0);
    expect(stringifyResult({ errors: undefined, ...result, extensions: undefined })).toBe(BODY.B);
    expect(stringifiedResults(spy)).toBe(1);
  });

  it('writes an answer served from the cache inside Apollo Server as the text it kept', async () => {
    const cache = new ResponseCache({ bytes: 1024 * 1024, ttlMs: 60_000 });
    let computed = 0;
    const exec = answerFromCache<CacheableRequest, Result>(cache, async (rc) => { computed++; return answerOf(String(rc.request.variables!.uscc)); }, wiring);
    await exec(request('A'));
    const spy = jest.spyOn(JSON, 'stringify');
    const hit = await exec(request('A'));
    expect(computed).toBe(1);
    expect(stringifyResult({ errors: undefined, ...hit, extensions: undefined })).toBe(BODY.A);
    expect(stringifiedResults(spy)).toBe(0);
  });

  it('stringifies a result with errors or extensions as it is, never the body kept for its data', async () => {
    const cache = new ResponseCache({ bytes: 1024 * 1024, ttlMs: 60_000 });
    const exec = answerFromCache<CacheableRequest, Result>(cache, async () => answerOf('A'), wiring);
    const { data } = await exec(request('A'));
    const errors = [{ message: 'late', extensions: { code: 'X' } }];
    expect(stringifyResult({ errors, data, extensions: undefined })).toBe(`${JSON.stringify({ errors, data })}\n`);
    expect(stringifyResult({ errors: undefined, data, extensions: { cost: 1 } })).toBe(`${JSON.stringify({ data, extensions: { cost: 1 } })}\n`);
    expect(stringifyResult({ errors: [{ message: 'refused' }] })).toBe('{"errors":[{"message":"refused"}]}\n');
  });
});
