/** The committed supergraph's API schema and rules, and an analysis as the gateway makes it, for unit tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildASTSchema, parse, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../lib/caller.ts';
import { extractRules } from '../authorization/directives.ts';
import { evaluatorFor } from '../authorization/policies.ts';
import { analyzeOperation } from './analyze.ts';
import type { TypedLimits } from './limits.ts';
import { deriveSubjects } from './subjects.ts';

export const { rules, strippedSdl } = extractRules(readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8'));
export const schema = buildASTSchema(parse(strippedSdl), { assumeValidSDL: true });
export const subjects = deriveSubjects(schema, rules);

export const anonymous: Principal = { kind: 'ANONYMOUS' };
export const person: Principal = { kind: 'PERSON', personId: 'p1' };
export const bank: Principal = { kind: 'INSTITUTION', institutionId: 'i1', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: ['loans:read'] };
export const operator: Principal = { kind: 'OPERATOR', operatorId: 'o1' };

export function analyze(query: string, o: { principal?: Principal; meter?: boolean; limits?: TypedLimits } = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const evaluator = o.principal ? evaluatorFor(o.principal) : null;
  return analyzeOperation(document, operation, {
    schema,
    limits: o.limits ?? { maxListFirst: 100, maxCost: 1_000_000 },
    authorization: evaluator ? { rules, allows: (r) => evaluator.allows(r) } : null,
    metering: o.meter ? subjects : null,
  });
}
