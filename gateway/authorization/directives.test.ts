import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse } from 'graphql';
import { assertProtectedFieldsNullable, extractRules } from './directives.ts';

const { rules, strippedSdl } = extractRules(readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8'));
const schema = buildASTSchema(parse(strippedSdl), { assumeValidSDL: true });

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
