/**
 * Reads the authorization directives (`@authenticated`, `@requiresScopes`, `@policy`) that
 * composition keeps in the supergraph, and strips them (with their `for: SECURITY` links) from the
 * SDL handed to `@apollo/gateway`, which enforces none of them and refuses such links.
 */
import {
  isNonNullType, isObjectType, isInterfaceType, Kind, parse, print, visit, type GraphQLSchema,
  type ConstDirectiveNode, type DocumentNode, type ValueNode,
} from 'graphql';

export interface Rule {
  authenticated: boolean;
  /** Any one inner list fully held passes (OR of ANDs), as in Federation. */
  scopes: string[][] | null;
  policies: string[][] | null;
}

export interface AuthorizationRules {
  /** `Type.field` → rule from the field definition. */
  fields: Map<string, Rule>;
  /** Type name → rule from the type definition (applies to every field returning it). */
  types: Map<string, Rule>;
}

const AUTH_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);
const AUTH_SPEC = /https:\/\/specs\.apollo\.dev\/(authenticated|requiresScopes|policy)\//;
const AUTH_SCALARS = new Set(['policy__Policy', 'requiresScopes__Scope']);

function stringMatrix(value: ValueNode | undefined, what: string): string[][] {
  if (!value || value.kind !== Kind.LIST) throw new Error(`${what}: expected a list of lists of strings`);
  return value.values.map((inner) => {
    if (inner.kind !== Kind.LIST) throw new Error(`${what}: expected a list of lists of strings`);
    return inner.values.map((v) => {
      if (v.kind !== Kind.STRING) throw new Error(`${what}: expected strings, got ${v.kind}`);
      return v.value;
    });
  });
}

function ruleOf(directives: readonly ConstDirectiveNode[] | undefined, where: string): Rule | null {
  let rule: Rule | null = null;
  for (const d of directives ?? []) {
    if (!AUTH_DIRECTIVES.has(d.name.value)) continue;
    rule ??= { authenticated: false, scopes: null, policies: null };
    if (d.name.value === 'authenticated') rule.authenticated = true;
    const arg = d.arguments?.[0]?.value;
    if (d.name.value === 'requiresScopes') rule.scopes = stringMatrix(arg, `@requiresScopes on ${where}`);
    if (d.name.value === 'policy') rule.policies = stringMatrix(arg, `@policy on ${where}`);
  }
  return rule;
}

export function extractRules(supergraphSdl: string): { rules: AuthorizationRules; strippedSdl: string } {
  const doc = parse(supergraphSdl);
  const rules: AuthorizationRules = { fields: new Map(), types: new Map() };
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
        def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    const typeRule = ruleOf(def.directives, def.name.value);
    if (typeRule) rules.types.set(def.name.value, typeRule);
    for (const field of def.fields ?? []) {
      const where = `${def.name.value}.${field.name.value}`;
      const r = ruleOf(field.directives, where);
      if (r) rules.fields.set(where, r);
    }
  }
  const stripped = visit(doc, {
    Directive(node) {
      if (AUTH_DIRECTIVES.has(node.name.value)) return null;
      if (node.name.value === 'link') {
        const url = node.arguments?.find((a) => a.name.value === 'url')?.value;
        if (url?.kind === Kind.STRING && AUTH_SPEC.test(url.value)) return null;
      }
      return undefined;
    },
    DirectiveDefinition(node) {
      return AUTH_DIRECTIVES.has(node.name.value) ? null : undefined;
    },
    ScalarTypeDefinition(node) {
      return AUTH_SCALARS.has(node.name.value) ? null : undefined;
    },
  }) as DocumentNode;
  return { rules, strippedSdl: print(stripped) };
}

/**
 * A withheld field is answered `null`; on a non-null field that null would wipe out its parent.
 * The gateway refuses to start on a supergraph that protects a non-null field.
 */
export function assertProtectedFieldsNullable(schema: GraphQLSchema, rules: AuthorizationRules): void {
  const bad: string[] = [];
  for (const coordinate of rules.fields.keys()) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[fieldName] : undefined;
    if (field && isNonNullType(field.type)) bad.push(coordinate);
  }
  for (const typeName of rules.types.keys()) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (isNonNullType(field.type) && field.type.ofType.toString().replace(/[[\]!]/g, '') === typeName) bad.push(`${type.name}.${field.name}`);
      }
    }
  }
  if (bad.length) throw new Error(`fields protected by @authenticated/@requiresScopes/@policy must be nullable: ${bad.join(', ')}`);
}
