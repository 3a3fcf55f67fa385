/**
 * A person repairs their own penalty through the real gateway (issue 16): the person applies, the
 * department that penalised (the demo's source department, 生态环境局) sees the case with the ID
 * number masked and grants it; from then on the consented bank no longer sees the penalty and the
 * person still does, marked repaired.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSubgraph } from '../lib/subgraph.ts';
import { addMonths, todayCST } from '../lib/time.ts';
import type { Db } from '../subgraphs/person/db/client.ts';
import { apiKey, bearer, startStack, type GraphQLBody, type Stack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => { stack = await startStack(); });
afterAll(async () => { await stack?.close(); });

const code = (b: GraphQLBody) => b.errors?.[0]?.extensions?.code;

describe('persons\' credit repair through the gateway', () => {
  it('is applied for by the person, decided by the department that penalised, and hides the penalty from the bank', async () => {
    const c = stack.credentials;
    const person = c.persons[2]!;
    const self = bearer(person.token);
    const bank = apiKey(c.institutions.FINANCIAL.apiKey, 'CREDIT_EASY_LOAN');
    const department = apiKey(c.institutions.SOURCE_DEPARTMENT.apiKey);
    expect(c.institutions.SOURCE_DEPARTMENT.department).toBe('eco');
    const personId = (await stack.query('query($n: String!) { person(idNumber: $n) { id } }', { variables: { n: person.idNumber }, headers: self })).body.data!.person.id as string;
    // A penalty of the ecology department, decided 6 months ago: past the 3-month minimum (PERSON_PENALTY).
    const today = todayCST();
    const db = (stack.subgraphs.person as unknown as RunningSubgraph<Db>).db;
    await db.prisma.personPenalty.create({ data: {
      id: 'repair-gw-pen', personId, catalogItemCode: 'ZRR-CF-001', sourceDepartment: '深圳市生态环境局', documentNumber: '深环罚〔2026〕1号',
      decisionDate: addMonths(today, -6), violation: '露天焚烧垃圾', legalBasis: '《中华人民共和国大气污染防治法》第一百一十九条',
      penaltyType: '罚款', amount: 1000, publicityEndDate: addMonths(today, 30),
    } });
    const penalties = `query($n: String!) { person(idNumber: $n) { penalties { id repaired } } }`;
    const ids = async (headers: Record<string, string>) =>
      ((await stack.query(penalties, { variables: { n: person.idNumber }, headers })).body.data!.person.penalties as { id: string }[]).map((p) => p.id);
    expect(await ids(bank)).toContain('repair-gw-pen');

    const apply = `mutation { applyForPersonRepair(recordId: "repair-gw-pen", commitment: "本人已纠正违法行为并缴纳罚款，承诺今后遵纪守法。", evidence: ["罚款缴纳凭证"]) { id status routedTo } }`;
    const refused = await stack.query(apply, { headers: bearer(c.persons[1]!.token) });
    expect(refused.body.data).toEqual({ applyForPersonRepair: null });
    expect(code(refused.body)).toBe('FORBIDDEN');
    const applied = await stack.query(apply, { headers: self });
    expect(applied.body.errors).toBeUndefined();
    expect(applied.body.data!.applyForPersonRepair).toMatchObject({ status: 'PENDING', routedTo: 'eco' });
    const id = applied.body.data!.applyForPersonRepair.id as string;

    const pending = await stack.query('{ pendingPersonRepairs { id person { idNumber } record { id } } }', { headers: department });
    expect(pending.body.errors).toBeUndefined();
    expect(pending.body.data!.pendingPersonRepairs).toEqual([{ id, person: { idNumber: expect.stringContaining('*') }, record: { id: 'repair-gw-pen' } }]);
    expect(JSON.stringify(pending.body)).not.toContain(person.idNumber);
    expect(code((await stack.query('{ pendingPersonRepairs { id } }', { headers: bank })).body)).toBe('FORBIDDEN');

    const decide = `mutation($id: ID!) { decidePersonRepair(id: $id, approve: true, note: "整改到位，同意修复") { status decidedByKind } }`;
    const decided = await stack.query(decide, { variables: { id }, headers: department });
    expect(decided.body.data).toEqual({ decidePersonRepair: { status: 'APPROVED', decidedByKind: 'DEPARTMENT' } });

    expect(await ids(bank)).not.toContain('repair-gw-pen');
    const own = (await stack.query(penalties, { variables: { n: person.idNumber }, headers: self })).body.data!.person.penalties as { id: string; repaired: boolean }[];
    expect(own).toContainEqual({ id: 'repair-gw-pen', repaired: true });
  });
});
