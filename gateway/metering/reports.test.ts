import { describe, expect, it } from '@jest/globals';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { issuedReports, requestedReports } from './reports.ts';

/** The document and its (one) operation, as the gateway has them. */
const doc = (source: string): [OperationDefinitionNode, DocumentNode] => {
  const document = parse(source);
  return [document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode, document];
};
const issued = (source: string, data: Record<string, unknown> | null) => issuedReports(...doc(source), data);
const requested = (source: string) => requestedReports(...doc(source));

describe('issuedReports', () => {
  it('counts every non-null issueCreditReport of a mutation, aliases included', () => {
    const m = 'mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } b: issueCreditReport(subject: "y", purpose: OTHER) { number } c: issueCreditReport(subject: "z", purpose: OTHER) { number } }';
    expect(issued(m, { a: { number: 'E1' }, b: null, c: { number: 'E2' } })).toBe(2);
  });

  it('counts nothing for queries, refusals and other mutations', () => {
    expect(issued('{ creditReport(number: "E1") { json } }', { creditReport: { json: '{}' } })).toBe(0);
    expect(issued('mutation { issueCreditReport(subject: "x", purpose: OTHER) { number } }', null)).toBe(0);
    expect(issued('mutation { issueMyCreditReport(purpose: OTHER) { number } }', { issueMyCreditReport: { number: 'P1' } })).toBe(0);
  });

  it('counts a report the root selects through an inline fragment or a fragment spread', () => {
    const m = 'mutation { ... on Mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } } ...Issue } fragment Issue on Mutation { b: issueCreditReport(subject: "y", purpose: OTHER) { number } }';
    expect(issued(m, { a: { number: 'E1' }, b: { number: 'E2' } })).toBe(2);
  });
});

describe('requestedReports', () => {
  it('counts the root issueCreditReport fields of a mutation before it runs, and nothing else', () => {
    expect(requested('mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } b: issueCreditReport(subject: "y", purpose: OTHER) { number } }')).toBe(2);
    expect(requested('{ creditReport(number: "E1") { json } }')).toBe(0);
    expect(requested('mutation { issueMyCreditReport(purpose: OTHER) { number } }')).toBe(0);
  });

  it('counts reports selected through fragments, nested ones included, and a fragment spread twice once', () => {
    const m = `mutation { ...Outer ...Outer ... { c: issueCreditReport(subject: "z", purpose: OTHER) { number } } }
      fragment Outer on Mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } ...Inner }
      fragment Inner on Mutation { b: issueCreditReport(subject: "y", purpose: OTHER) { number } }`;
    expect(requested(m)).toBe(3);
  });

  it('counts one report for a field selected twice under one response key (GraphQL runs it once)', () => {
    expect(requested('mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } ... { a: issueCreditReport(subject: "x", purpose: OTHER) { number } } }')).toBe(1);
  });

  it('counts no report for a fragment of a query', () => {
    expect(requested('query { ...Q } fragment Q on Query { creditReport(number: "E1") { json } }')).toBe(0);
  });

  it('counts a report selected without an alias under its field name', () => {
    expect(requested('mutation { issueCreditReport(subject: "x", purpose: OTHER) { number } }')).toBe(1);
  });

  // The gateway validates a document before it is counted; the walk stays safe on one it has not.
  it('ends on fragments that spread each other, and skips a spread of a fragment the document lacks', () => {
    expect(requested(`mutation { ...A ...Missing }
      fragment A on Mutation { a: issueCreditReport(subject: "x", purpose: OTHER) { number } ...B }
      fragment B on Mutation { b: issueCreditReport(subject: "y", purpose: OTHER) { number } ...A }`)).toBe(2);
  });
});
