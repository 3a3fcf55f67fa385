/**
 * What tests/support/shared-modules-runtime.cjs and shared-intrinsics-environment.cjs promise the
 * suite: third-party CommonJS packages are Node's own copy (one per worker), and a value the test
 * file's code makes is an instance of the globals those packages check against.
 */
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';

/** Node's own `require` in the jest worker (the outer realm's module cache). */
const outerRequire = (id: string) => (runInThisContext('process.mainModule') as NodeJS.Module).require(id) as unknown;
const graphqlPath = createRequire(import.meta.url).resolve('graphql');

describe('the test files and the shared packages', () => {
  it('get a third-party package from Node, not from a registry of their own', () => {
    expect((outerRequire(graphqlPath) as typeof import('graphql')).GraphQLError).toBe(GraphQLError);
  });

  it('see Date, errors and collections of the realm the packages run in', () => {
    for (const name of ['Date', 'Error', 'TypeError', 'Map', 'Set', 'Uint8Array']) expect(runInThisContext(name)).toBe(globalThis[name as 'Date']);
    expect(new GraphQLError('x')).toBeInstanceOf(Error);
  });
});
