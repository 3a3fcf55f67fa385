import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
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
const MB = 1024 * 1024;

describe('memoizeOperationFromDocument', () => {
  it('replaces the export @apollo/gateway calls', () => {
    expect(memoizeOperationFromDocument(MB).installed).toBe(true);
    expect(memoizeOperationFromDocument(MB).installed).toBe(true);
  });

  it('patches the version of @apollo/federation-internals that package.json pins and @apollo/gateway uses', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    const installed = require('@apollo/federation-internals/package.json') as { version: string };
    const gatewaysOwn = require(require.resolve('@apollo/federation-internals/package.json', { paths: [require.resolve('@apollo/gateway')] })) as { version: string };
    expect(pkg.dependencies['@apollo/federation-internals']).toBe(installed.version);
    expect(gatewaysOwn.version).toBe(installed.version);
  });

  it('builds the operation of a document once and returns the same one for the same definitions', () => {
    memoizeOperationFromDocument(MB);
    const first = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    const again = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    expect(again).toBe(first);
    expect(first.toString()).toContain('b(n: $n)');
  });

  it('builds anew for another document, another schema, or a call that validates', () => {
    memoizeOperationFromDocument(MB);
    const first = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(parsed), { validate: false });
    const other = parse('query Q($n: Int) { a ...F } fragment F on Query { b(n: $n) }');
    expect(internals.operationFromDocument(schema, asExecuteQueryPlanDoes(other), { validate: false })).not.toBe(first);
    const schema2 = internals.buildSchema('type Query { a: Int, b(n: Int): String }');
    expect(internals.operationFromDocument(schema2, asExecuteQueryPlanDoes(parsed), { validate: false })).not.toBe(first);
    const validated = internals.operationFromDocument(schema, parsed);
    expect(internals.operationFromDocument(schema, parsed)).not.toBe(validated);
    expect(validated.toString()).toBe(first.toString());
  });

  it('keeps operations within its bytes, dropping the least recently used', () => {
    // Each of these ~60-character documents is counted at 24 bytes a character: two fit in 3,000.
    const { cache } = memoizeOperationFromDocument(3_000);
    const docs = [1, 2, 3].map(() => parse('query Q($n: Int) { a ...F } fragment F on Query { b(n: $n) }'));
    const ops = docs.map((d) => internals.operationFromDocument(schema, asExecuteQueryPlanDoes(d), { validate: false }));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBeLessThanOrEqual(3_000);
    expect(internals.operationFromDocument(schema, asExecuteQueryPlanDoes(docs[2]!), { validate: false })).toBe(ops[2]);
    expect(internals.operationFromDocument(schema, asExecuteQueryPlanDoes(docs[0]!), { validate: false })).not.toBe(ops[0]);
  });

  it('lets a second copy of this module size the store the installed patch reads', async () => {
    // A test runner's registry per file, or a bundle that inlines the module twice, loads it again
    // over the same @apollo/federation-internals: its budget must be the one in force.
    const copy = (await import(`./operation-cache.ts?copy=${Date.now()}`)) as typeof import('./operation-cache.ts');
    const { installed, cache } = copy.memoizeOperationFromDocument(MB);
    expect(installed).toBe(true);
    const doc = parse('{ a }');
    const op = internals.operationFromDocument(schema, asExecuteQueryPlanDoes(doc), { validate: false });
    expect(cache.size).toBe(1);
    expect(internals.operationFromDocument(schema, asExecuteQueryPlanDoes(doc), { validate: false })).toBe(op);
  });
});
