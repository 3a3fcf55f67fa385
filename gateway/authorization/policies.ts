/**
 * What each `@policy` name means. Coarse, by kind of caller: the subgraph that owns a record
 * decides per record (whose person, which consent). Unknown policies fail closed, and the gateway
 * refuses to start on a supergraph that names one.
 */
import { principalScopes, type Principal } from '../../lib/caller.ts';
import type { AuthorizationRules, Rule } from './directives.ts';

export const POLICIES: Record<string, { meaning: string; allows: (p: Principal) => boolean }> = {
  'personal-data': {
    meaning: 'a natural person, or an institution (consent or statutory scope is checked per record by the person subgraph)',
    allows: (p) => p.kind === 'PERSON' || p.kind === 'INSTITUTION',
  },
  'person-self': {
    meaning: 'a signed-in natural person (the person subgraph checks it is the same person)',
    allows: (p) => p.kind === 'PERSON',
  },
};

export function assertKnownPolicies(rules: AuthorizationRules): void {
  const unknown = new Set<string>();
  for (const r of [...rules.fields.values(), ...rules.types.values()]) {
    for (const set of r.policies ?? []) for (const name of set) if (!POLICIES[name]) unknown.add(name);
  }
  if (unknown.size) throw new Error(`supergraph names unknown @policy values: ${[...unknown].join(', ')}`);
}

export interface Evaluator {
  allows(rule: Rule): boolean;
  /** Two principals with the same signature get the same decisions (used as a cache key). */
  signature: string;
}

export function evaluatorFor(principal: Principal): Evaluator {
  const scopes = new Set(principalScopes(principal));
  return {
    signature: `${principal.kind}|${[...scopes].sort().join(' ')}`,
    allows(rule) {
      if (rule.authenticated && principal.kind === 'ANONYMOUS') return false;
      if (rule.scopes && !rule.scopes.some((all) => all.every((s) => scopes.has(s)))) return false;
      if (rule.policies && !rule.policies.some((all) => all.every((n) => POLICIES[n]?.allows(principal) ?? false))) return false;
      return true;
    },
  };
}
