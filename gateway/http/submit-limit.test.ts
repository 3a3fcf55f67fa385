import { describe, expect, it } from '@jest/globals';
import { isSubmitRecords } from './submit-limit.ts';

const SUBMIT = 'mutation($item: String!, $records: [RecordValues!]!) { submitRecords(item: $item, records: $records) { id accepted } }';

describe('isSubmitRecords', () => {
  it('lets one submitRecords mutation through, aliased or named', () => {
    expect(isSubmitRecords({ query: SUBMIT, variables: { records: [] } })).toBe(true);
    expect(isSubmitRecords({ query: 'mutation Load { r: submitRecords(item: "X", records: []) { id } }' })).toBe(true);
  });

  it('refuses anything else: a query, a second root field, a second operation, a batch, a long document, no document', () => {
    expect(isSubmitRecords({ query: '{ submitRecords }' })).toBe(false);
    expect(isSubmitRecords({ query: 'mutation { submitRecords(item: "X", records: []) { id } withdrawRecord(item: "X", recordId: "1", reason: "r") { withdrawn } }' })).toBe(false);
    expect(isSubmitRecords({ query: `${SUBMIT} query Q { catalogue { code } }` })).toBe(false);
    expect(isSubmitRecords([{ query: SUBMIT }])).toBe(false);
    expect(isSubmitRecords({ query: `${SUBMIT}${' '.repeat(5000)}` })).toBe(false);
    expect(isSubmitRecords({ query: 'mutation { submitRecords(' })).toBe(false);
    expect(isSubmitRecords({ variables: {} })).toBe(false);
    expect(isSubmitRecords(null)).toBe(false);
  });
});
