import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse } from 'graphql';
import { assertProtectedFieldsNullable, extractRules } from './directives.ts';

// Read in each test, not when the file loads: per-test coverage (mutation testing) ties a module's
// code to the tests that run it, and code run while the file loads belongs to none of them.
const committed = () => {
  const { rules, strippedSdl } = extractRules(readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8'));
  return { rules, strippedSdl, schema: buildASTSchema(parse(strippedSdl), { assumeValidSDL: true }) };
};

describe('extractRules', () => {
  it('reads the rules composition kept and strips them with their SECURITY links', () => {
    const { rules, strippedSdl } = committed();
    expect(rules.fields.get('Person.accessLog')).toEqual({ authenticated: false, scopes: null, policies: [['person-self']] });
    expect(rules.fields.get('Enterprise.creditEasyLoans')?.scopes).toEqual([['loans:read'], ['enterprise:self'], ['operator']]);
    expect(strippedSdl).not.toMatch(/@policy|@requiresScopes|@authenticated|for: SECURITY/);
  });
});

describe('extractRules on a small supergraph', () => {
  const sdl = `
    schema @link(url: "https://specs.apollo.dev/link/v1.0")
      @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
      @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)
      @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY) { query: Query }
    directive @link(url: String, for: String) repeatable on SCHEMA
    directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE
    directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
    directive @policy(policies: [[policy__Policy!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE
    directive @deprecated(reason: String) on FIELD_DEFINITION
    scalar requiresScopes__Scope
    scalar policy__Policy
    scalar Date
    type Query { open: String @deprecated(reason: "old") me: Secret @authenticated loans: [Secret] @requiresScopes(scopes: [["a", "b"], ["c"]]) }
    type Secret @policy(policies: [["person-self"]]) @authenticated { id: ID }
    interface Node @requiresScopes(scopes: [["operator"]]) { id: ID @authenticated }
    extend type Query { later: String @policy(policies: [["personal-data"]]) }
  `;
  it('reads field rules, type rules (objects and interfaces) and extensions', () => {
    const { rules: r } = extractRules(sdl);
    expect(r.fields).toEqual(new Map([
      ['Query.me', { authenticated: true, scopes: null, policies: null }],
      ['Query.loans', { authenticated: false, scopes: [['a', 'b'], ['c']], policies: null }],
      ['Node.id', { authenticated: true, scopes: null, policies: null }],
      ['Query.later', { authenticated: false, scopes: null, policies: [['personal-data']] }],
    ]));
    expect(r.types).toEqual(new Map([
      ['Secret', { authenticated: true, scopes: null, policies: [['person-self']] }],
      ['Node', { authenticated: false, scopes: [['operator']], policies: null }],
    ]));
  });

  it('strips the directives, their definitions, scalars and SECURITY links, and keeps everything else', () => {
    const { strippedSdl: out } = extractRules(sdl);
    expect(out).not.toMatch(/@policy|@requiresScopes|@authenticated|for: SECURITY|requiresScopes__Scope|policy__Policy|directive @(policy|authenticated|requiresScopes)/);
    expect(out).toContain('@link(url: "https://specs.apollo.dev/link/v1.0")');
    expect(out).toContain('directive @deprecated');
    expect(out).toContain('@deprecated(reason: "old")');
    expect(out).toContain('scalar Date');
  });

  it('refuses a rule argument that is not a list of lists of strings, naming where', () => {
    const field = (dir: string) => `type Query { f: String ${dir} }`;
    expect(() => extractRules(field('@requiresScopes(scopes: "a")'))).toThrow('@requiresScopes on Query.f: expected a list of lists of strings');
    expect(() => extractRules(field('@requiresScopes'))).toThrow('@requiresScopes on Query.f: expected a list of lists of strings');
    expect(() => extractRules(field('@policy(policies: ["a"])'))).toThrow('@policy on Query.f: expected a list of lists of strings');
    expect(() => extractRules(field('@policy(policies: [[1]])'))).toThrow('@policy on Query.f: expected strings, got IntValue');
  });
});

describe('assertProtectedFieldsNullable', () => {
  it('accepts the committed supergraph', () => {
    const { rules, schema } = committed();
    expect(() => assertProtectedFieldsNullable(schema, rules)).not.toThrow();
  });

  it('refuses a supergraph that protects a non-null field', () => {
    const bad = buildASTSchema(parse('type Query { secret: String! ok: String }'));
    const badRules = { fields: new Map([['Query.secret', { authenticated: true, scopes: null, policies: null }]]), types: new Map() };
    expect(() => assertProtectedFieldsNullable(bad, badRules))
      .toThrow('fields protected by @authenticated/@requiresScopes/@policy must be nullable: Query.secret');
  });

  it('refuses a non-null field, on an object or an interface, whose type carries a rule, and accepts nullable ones', () => {
    const typeRules = { fields: new Map(), types: new Map([['Secret', { authenticated: true, scopes: null, policies: null }]]) };
    const sdl = (q: string) => buildASTSchema(parse(`type Secret { id: ID } type Other { id: ID } ${q}`));
    expect(() => assertProtectedFieldsNullable(sdl('type Query { s: Secret! o: Other! }'), typeRules)).toThrow('must be nullable: Query.s');
    expect(() => assertProtectedFieldsNullable(sdl('type Query { s: [Secret]! } interface I { s: Secret! }'), typeRules))
      .toThrow('must be nullable: Query.s, I.s');
    expect(() => assertProtectedFieldsNullable(sdl('type Query { s: Secret l: [Secret!] o: Other! }'), typeRules)).not.toThrow();
    // A field rule on an interface field, and one naming a type the schema lacks.
    const fieldRules = { fields: new Map([['I.s', { authenticated: true, scopes: null, policies: null }], ['Gone.x', { authenticated: true, scopes: null, policies: null }]]), types: new Map() };
    expect(() => assertProtectedFieldsNullable(sdl('type Query { s: Secret } interface I { s: Secret! }'), fieldRules)).toThrow('must be nullable: I.s');
    expect(() => assertProtectedFieldsNullable(sdl('type Query { s: Secret } interface I { s: Secret }'), fieldRules)).not.toThrow();
  });
});
