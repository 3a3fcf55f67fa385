/** Fixtures of the collection tests: department callers, a penalty record, a legacy code. */
import type { Principal } from '../../../lib/caller.ts';
import { USCC_ALPHABET, usccCheckChar } from '../../../lib/identifiers/uscc.ts';
import { uscc } from '../test-support.ts';

export const eco: Principal = {
  kind: 'INSTITUTION', institutionId: 'inst-eco', institutionKind: 'SOURCE_DEPARTMENT', institutionName: '深圳市生态环境局', scopes: ['department:eco'],
};
export const civil: Principal = { ...eco, institutionId: 'inst-civil', institutionName: '深圳市民政局', scopes: ['department:civil'] };

export const SUBMIT = `mutation($item: String!, $records: [RecordValues!]!, $department: String) {
  submitRecords(item: $item, records: $records, department: $department) {
    id item department submitted accepted updated unchanged rejected
    results { index recordId outcome archiveRecordId version reason field message warnings { code field } } } }`;

/** Enterprise n's code with a wrong check character: a legacy code when the platform holds it. */
export function legacyUscc(n: number): string {
  const good = uscc(n);
  const wrong = USCC_ALPHABET.split('').find((c) => c !== good[17] && c !== usccCheckChar(good.slice(0, 17)))!;
  return good.slice(0, 17) + wrong;
}

/** A general penalty of item FR-CF-001 against enterprise 1. */
export const penalty = (recordId: string, over: Record<string, unknown> = {}) => ({
  recordId, uscc: uscc(1), documentNumber: `深环罚〔2025〕${recordId}号`, decisionDate: '2025-06-01',
  violation: '超标排放大气污染物', legalBasis: '《中华人民共和国大气污染防治法》第九十九条', penaltyType: '罚款',
  amount: 200000, severity: 'GENERAL', domain: 'GENERAL', ...over,
});
