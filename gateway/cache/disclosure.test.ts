import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../lib/caller.ts';
import { analyze, anonymous, bank, operator, person, rules, schema } from '../analysis/test-support.ts';
import { cacheabilityOf, disclosureClassOf, publicFields, subjectsOf } from './disclosure.ts';

const open = publicFields(readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8'), schema, rules);
const government: Principal = { kind: 'INSTITUTION', institutionId: 'g', institutionKind: 'GOVERNMENT', institutionName: 'Bureau', scopes: ['institution:government'] };
const enterprise: Principal = { kind: 'ENTERPRISE', uscc: '91440300MA5EXAMPLE' };

const cacheability = (query: string, principal: Principal = anonymous) => {
  const op = parse(query).definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return cacheabilityOf(analyze(query, { principal }), op, schema, open);
};

describe('the disclosure class', () => {
  it('puts anonymous callers, persons and non-government institutions in the one public class', () => {
    expect([anonymous, person, bank].map(disclosureClassOf)).toEqual(['public', 'public', 'public']);
  });

  it('never shares for operators, government institutions or an enterprise (they see unpublished records)', () => {
    expect([operator, government, enterprise].map(disclosureClassOf)).toEqual([null, null, null]);
  });
});

describe('what may be cached', () => {
  it('caches a public archive lookup, keyed on the subject it names', () => {
    const c = cacheability('query Q($u: ID!) { enterprise(uscc: $u) { name penalties { amount } rating { score } } }');
    expect(c).toEqual({ subjects: [{ variable: 'u' }] });
    expect(subjectsOf(c!, { u: 'U1' })).toEqual(['U1']);
  });

  it('ties a list to every subject', () => {
    expect(cacheability('{ enterprises(first: 5) { edges { node { name } } } }')).toEqual({ subjects: null });
  });

  it('never caches an answer that reaches the person subgraph (names are masked per caller)', () => {
    expect(cacheability('{ enterprise(uscc: "U1") { legalRepresentative { name } } }')).toBeNull();
  });

  it('never caches an operation that touches a field under an authorization rule, for any caller', () => {
    expect(cacheability('{ enterprise(uscc: "U1") { name objections { id } } }', bank)).toBeNull();
    expect(cacheability('{ enterprise(uscc: "U1") { creditEasyLoans { id } } }', bank)).toBeNull();
    expect(cacheability('{ person(idNumber: "1") { name } }', bank)).toBeNull();
  });

  it('never caches verifyCreditReport: a personal report deleted, or an organisation\'s record changed, reaches no change log', () => {
    expect(cacheability('{ verifyCreditReport(number: "P2026120700000001", digest: "00") { valid superseded } }')).toBeNull();
  });

  it('never caches a mutation', () => {
    expect(cacheability('mutation { issueCreditReport(subject: "U1", purpose: LENDING) { number } }', bank)).toBeNull();
  });
});
