/**
 * `npm run schema:check [-- --base <rev>]`: the breaking changes of the public API (the API schema
 * of schema/supergraph.graphql, as clients see it: federation and authorization directives
 * removed) against the last commit on main, found by GraphQL Inspector's core library (removed
 * types and fields, narrowed types, new required arguments, removed enum values, …).
 *
 * Every change is listed; the check fails (exit 1) on a breaking one unless a commit since the base
 * says `[breaking-schema]` in its message: a deliberate break is one a commit owns up to. When HEAD
 * is the base itself (CI on main), the base is its parent, so the commit that lands is checked.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { extractRules } from '../gateway/authorization/directives.ts';

export const BREAKING_MARKER = '[breaking-schema]';
const root = resolve(import.meta.dirname, '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** The schema clients query: the supergraph's API schema, its authorization directives taken out as the gateway does. */
export const apiSchema = (supergraphSdl: string): GraphQLSchema =>
  Supergraph.build(extractRules(supergraphSdl).strippedSdl).apiSchema().toGraphQLJSSchema();

export async function breakingChanges(before: string, after: string) {
  const changes = await diff(apiSchema(before), apiSchema(after));
  return { changes, breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking) };
}

async function main() {
  const { values } = parseArgs({ options: { base: { type: 'string', default: 'main' } } });
  let base = values.base!;
  if (git('rev-parse', base) === git('rev-parse', 'HEAD')) base = `${base}~1`;
  const before = git('show', `${base}:schema/supergraph.graphql`);
  const after = readFileSync(resolve(root, 'schema/supergraph.graphql'), 'utf8');
  const { changes, breaking } = await breakingChanges(before, after);
  for (const c of changes) console.log(`${c.criticality.level.padEnd(13)} ${c.message}`);
  console.log(`schema:check against ${base}: ${changes.length} change(s), ${breaking.length} breaking`);
  if (breaking.length === 0) return;
  const messages = git('log', '--format=%B', `${base}..HEAD`);
  if (messages.includes(BREAKING_MARKER)) {
    console.log(`schema:check: breaking changes owned by a commit marked ${BREAKING_MARKER}`);
    return;
  }
  console.error(`schema:check: breaking changes to the public schema; if deliberate, say ${BREAKING_MARKER} in the commit message`);
  process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((err) => { console.error(err); process.exit(2); });
}
