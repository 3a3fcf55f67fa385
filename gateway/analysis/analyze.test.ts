import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse, print } from 'graphql';
import { assertProtectedFieldsNullable, extractRules } from './directives.ts';
import { applyDenials, authorizeOperation } from './enforce.ts';
import { evaluatorFor } from './policies.ts';
import type { Principal } from '../../lib/caller.ts';

const sdl = readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8');
const { rules, strippedSdl } = extractRules(sdl);
const schema = buildASTSchema(parse(strippedSdl), { assumeValidSDL: true });
const anonymous: Principal = { kind: 'ANONYMOUS' };
const person: Principal = { kind: 'PERSON', personId: 'p1' };
const bank: Principal = { kind: 'INSTITUTION', institutionId: 'i1', institutionKind: 'FINANCIAL', institutionName: 'Bank', scopes: ['loans:read'] };

const decide = (query: string, p: Principal) => authorizeOperation(schema, rules, parse(query), undefined, evaluatorFor(p));

describe('extractRules', () => {
  it('reads the rules composition kept and strips them with their SECURITY links', () => {
    expect(rules.fields.get('Person.accessLog')).toEqual({ authenticated: false, scopes: null, policies: [['person-self']] });
    expect(rules.fields.get('Enterprise.creditEasyLoans')?.scopes).toEqual([['loans:read'], ['enterprise:self'], ['operator']]);
    expect(strippedSdl).not.toMatch(/@policy|@requiresScopes|@authenticated|for: SECURITY/);
  });
});

describe('assertProtectedFieldsNullable', () => {
  it('accepts the committed supergraph', () => {
    expect(() => assertProtectedFieldsNullable(schema, rules)).not.toThrow();
  });

  it('refuses a supergraph that protects a non-null field', () => {
    const bad = buildASTSchema(parse('type Query { secret: String! ok: String }'));
    const badRules = { fields: new Map([['Query.secret', { authenticated: true, scopes: null, policies: null }]]), types: new Map() };
    expect(() => assertProtectedFieldsNullable(bad, badRules)).toThrow('Query.secret');
  });
});

describe('authorizeOperation', () => {
  it('lets everything through for a caller who may see it all', () => {
    expect(decide('{ enterprise(uscc: "x") { name creditEasyLoans { amount } } }', bank)).toBeNull();
  });

  it('removes a protected field reached through an alias and a named fragment', () => {
    const d = decide(`
      query { enterprise(uscc: "x") { name legalRepresentative { ...P } } }
      fragment P on Person { name secret: penalties { id } log: accessLog { edges { cursor } } }`, anonymous)!;
    expect(d.denials.map((x) => x.path)).toEqual([
      ['enterprise', 'legalRepresentative', 'secret'],
      ['enterprise', 'legalRepresentative', 'log'],
    ]);
    const printed = print(d.document);
    expect(printed).not.toMatch(/penalties|accessLog/);
    expect(printed).toMatch(/name/);
  });

  it('removes person-self fields for a bank but keeps personal-data fields', () => {
    const d = decide('{ person(idNumber: "x") { penalties { id } accessLog { edges { cursor } } } }', bank)!;
    expect(d.denials.map((x) => x.coordinate)).toEqual(['Person.accessLog']);
  });

  it('keeps a probe where every field of a selection was removed, so the document stays valid', () => {
    const d = decide('{ person(idNumber: "x") { consents { id } } }', anonymous)!;
    expect(print(d.document)).toMatch(/__cgType: __typename/);
  });
});

describe('applyDenials', () => {
  it('sets null with a FORBIDDEN error per object, with list indices in the path', () => {
    const d = decide('{ enterprises(first: 2) { edges { node { uscc creditEasyLoans { amount } } } } }', anonymous)!;
    const data = { enterprises: { edges: [{ node: { uscc: 'a' } }, { node: { uscc: 'b' } }] } };
    const errors = applyDenials(data, d);
    expect(data.enterprises.edges.map((e) => e.node)).toEqual([{ uscc: 'a', creditEasyLoans: null }, { uscc: 'b', creditEasyLoans: null }]);
    expect(errors).toEqual([
      { message: 'Not authorized to see Enterprise.creditEasyLoans.', path: ['enterprises', 'edges', 0, 'node', 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } },
      { message: 'Not authorized to see Enterprise.creditEasyLoans.', path: ['enterprises', 'edges', 1, 'node', 'creditEasyLoans'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('lets a person through personal-data rules (the subgraph decides whose record)', () => {
    expect(decide('{ me { person { id } } person(idNumber: "x") { penalties { id } consents { id } } }', person)).toBeNull();
  });
});
