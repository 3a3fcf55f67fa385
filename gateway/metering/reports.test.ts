import { describe, expect, it } from '@jest/globals';
import { parse, type OperationDefinitionNode } from 'graphql';
import { issuedReports, requestedReports } from './reports.ts';

const op = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;

describe('issuedReports', () => {
  it('counts every non-null issueCreditReport of a mutation, aliases included', () => {
    const m = op('mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } b: issueCreditReport(subject: "y", purpose: OTHER) { number } c: issueCreditReport(subject: "z", purpose: OTHER) { number } }');
    expect(issuedReports(m, { a: { number: 'E1' }, b: null, c: { number: 'E2' } })).toBe(2);
  });

  it('counts nothing for queries, refusals and other mutations', () => {
    expect(issuedReports(op('{ creditReport(number: "E1") { json } }'), { creditReport: { json: '{}' } })).toBe(0);
    expect(issuedReports(op('mutation { issueCreditReport(subject: "x", purpose: OTHER) { number } }'), null)).toBe(0);
    expect(issuedReports(op('mutation { issueMyCreditReport(purpose: OTHER) { number } }'), { issueMyCreditReport: { number: 'P1' } })).toBe(0);
  });
});

describe('requestedReports', () => {
  it('counts the root issueCreditReport fields of a mutation before it runs, and nothing else', () => {
    expect(requestedReports(op('mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } b: issueCreditReport(subject: "y", purpose: OTHER) { number } }'))).toBe(2);
    expect(requestedReports(op('{ creditReport(number: "E1") { json } }'))).toBe(0);
    expect(requestedReports(op('mutation { issueMyCreditReport(purpose: OTHER) { number } }'))).toBe(0);
  });
});
