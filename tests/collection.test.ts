/**
 * Collection through the real gateway: the demo source department walks a penalty through
 * submit → update → withdraw with its API key, the public sees each state, and keys that may not
 * submit are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

let stack: Stack;

const SUBMIT = `mutation($item: String!, $records: [RecordValues!]!) {
  submitRecords(item: $item, records: $records) { id department submitted accepted updated unchanged rejected
    results { recordId outcome archiveRecordId version reason field } } }`;
const WITHDRAW = `mutation($item: String!, $id: String!) {
  withdrawRecord(item: $item, recordId: $id, reason: "行政复议撤销原处罚决定") { withdrawn results { outcome version } } }`;
const PENALTIES = `query($u: ID!) { enterprise(uscc: $u) { penalties(first: 100) { id catalogItemCode sourceDepartment amount publicityEndDate disclosure } } }`;

const penalty = (uscc: string, amount: number) => ({
  recordId: 'SZ-ECO-2026-0001', uscc, documentNumber: '深环罚〔2026〕1号', decisionDate: '2026-01-05',
  violation: '未批先建', legalBasis: '《中华人民共和国环境影响评价法》第三十一条', penaltyType: '罚款', amount,
  severity: 'GENERAL', domain: 'GENERAL',
});

beforeAll(async () => { stack = await startStack({ enterprises: 20, persons: 10 }); }, 120_000);
afterAll(async () => { await stack?.close(); });

describe('a source department through the gateway', () => {
  it('submits 1,000 records in one call, a body over MAX_BODY_BYTES that only submitRecords may send', async () => {
    const dept = apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
    const uscc = stack.credentials.enterprises[2]!.uscc;
    const records = Array.from({ length: 1000 }, (_, i) => ({ ...penalty(uscc, 1000 + i), recordId: `SZ-ECO-BULK-${i}`, documentNumber: `深环罚〔2026〕${i}号` }));
    const variables = { item: 'FR-CF-001', records };
    expect(Buffer.byteLength(JSON.stringify({ query: SUBMIT, variables }))).toBeGreaterThan(100_000);
    const res = await stack.query(SUBMIT, { variables, headers: dept });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.submitRecords).toMatchObject({ submitted: 1000, accepted: 1000, rejected: 0 });

    // The same bytes as anything else (here a query carrying them as an unused variable) stay refused.
    const query = await stack.query(PENALTIES, { variables: { u: uscc, padding: records } });
    expect(query.status).toBe(400);
    expect(query.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_BODY_BYTES', max: 100_000 });
  });

  it('has a key and its catalogue items in the demo credentials', () => {
    expect(stack.credentials.institutions.SOURCE_DEPARTMENT).toMatchObject({
      apiKey: expect.stringMatching(/^cg_/), department: 'eco', items: expect.arrayContaining(['FR-CF-001']),
    });
  });

  it('submits a penalty, corrects it, and withdraws it; the public sees each state', async () => {
    const dept = apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey);
    const uscc = stack.credentials.enterprises[1]!.uscc;
    const seen = async () => ((await stack.query(PENALTIES, { variables: { u: uscc } })).body.data!.enterprise.penalties as Array<{ id: string; amount: number }>);

    const first = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty(uscc, 50000)] }, headers: dept });
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    const receipt = first.body.data!.submitRecords;
    expect(receipt).toMatchObject({ department: 'eco', submitted: 1, accepted: 1, rejected: 0 });
    const id = receipt.results[0].archiveRecordId;
    expect((await seen()).find((p) => p.id === id)).toEqual({
      id, catalogItemCode: 'FR-CF-001', sourceDepartment: '深圳市生态环境局', amount: 50000, publicityEndDate: '2029-01-05', disclosure: 'PUBLISHED',
    });

    const again = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty(uscc, 50000)] }, headers: dept });
    expect(again.body.data!.submitRecords.results[0]).toMatchObject({ outcome: 'UNCHANGED', version: 1, archiveRecordId: id });

    const corrected = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty(uscc, 30000)] }, headers: dept });
    expect(corrected.body.data!.submitRecords.results[0]).toMatchObject({ outcome: 'UPDATED', version: 2, archiveRecordId: id });
    expect((await seen()).find((p) => p.id === id)?.amount).toBe(30000);

    const withdrawn = await stack.query(WITHDRAW, { variables: { item: 'FR-CF-001', id: 'SZ-ECO-2026-0001' }, headers: dept });
    expect(withdrawn.body).toEqual({ data: { withdrawRecord: { withdrawn: 1, results: [{ outcome: 'WITHDRAWN', version: 3 }] } } });
    expect((await seen()).map((p) => p.id)).not.toContain(id);
  });

  it('refuses an item the catalogue does not name the department for, and keys that are not source departments', async () => {
    const uscc = stack.credentials.enterprises[1]!.uscc;
    const entry = { recordId: 'R-1', uscc, listName: '纳税信用A级纳税人', reason: '年度评价', listingAuthority: '税务局', listedOn: '2026-01-01' };
    const notItsItem = await stack.query(SUBMIT, {
      variables: { item: 'FR-HMD-001', records: [entry] }, headers: apiKey(stack.credentials.institutions.SOURCE_DEPARTMENT.apiKey),
    });
    expect(notItsItem.body.data).toEqual({ submitRecords: null });
    expect(notItsItem.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

    for (const headers of [apiKey(stack.credentials.institutions.GOVERNMENT.apiKey), bearer(stack.credentials.enterprises[1]!.token), {}]) {
      const res = await stack.query(SUBMIT, { variables: { item: 'FR-CF-001', records: [penalty(uscc, 1)] }, headers });
      expect(res.body.data).toEqual({ submitRecords: null });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
