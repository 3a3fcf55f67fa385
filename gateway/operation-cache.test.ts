import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { Kind, parse, type DocumentNode } from 'graphql';
import { memoizeOperationFromDocument } from './operation-cache.ts';

const require = createRequire(import.meta.url);
const internals = require('@apollo/federation-internals') as {
  buildSchema(sdl: string): object;
  operationFromDocument(schema: object, document: DocumentNode, options?: { validate?: boolean }): { toString(): string };
};

const schema = internals.buildSchema('type Query { a: Int, b(n: Int): String }');
const parsed = parse('query Q($n: Int) { a ...F } fragment F on Query { b(n: $n) }');
/** What executeQueryPlan passes: a new document object around the same definitions, each request. */
const asExecuteQueryPlanDoes = (doc: DocumentNode): DocumentNode => ({ kind: Kind.DOCUMENT, definitions: [...doc.definitions] });

describe('memoizeOperationFromDocument', () => {
  it('replaces the export @apollo/gateway calls', () => {
    expect(memoizeOperationFromDocument()).toEqual({ installed: true });
    expect(memoizeOperationFromDocument()).toEqual({ installed: true });
  });

  it('builds the operation of a document once and returns the same one for the same definitions', () => {
    memoizeOperationFromDocument();
    const first = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    const again = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    expect(again).toBe(first);
    expect(first.toString()).toContain('b(n: $n)');
  });

  it('builds anew for another document, another schema, or a call that validates', () => {
    memoizeOperationFromDocument();
    const first = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    const other = parse('query Q($n: Int) { a ...F } fragment F on Query { b(n: $n) }');
    expect(internals.operationFromDocument(schema, asExecuteQueryPlanDoes(other), { validate: false })).not.toBe(first);
    const schema2 = internals.buildSchema('type Query { a: Int, b(n: Int): String }');
    expect(internals.operationFromDocument(schema2, asExecuteQueryPlanDoes(parsed), { validate: false })).not.toBe(first);
    const validated = internals.operationFromDocument(schema, parsed);
    expect(internals.operationFromDocument(schema, parsed)).not.toBe(validated);
    expect(validated.toString()).toBe(first.toString());
  });
});
