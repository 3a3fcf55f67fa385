/**
 * Who may share a cached answer, and what it depends on.
 *
 * An answer is shared only inside the **public** disclosure class: callers for whom the enterprise
 * subgraph's own rule (`visibilityKindOf`, subgraphs/enterprise/rules.ts) is `public`, i.e. anonymous
 * callers, natural persons and institutions other than government ones. They see the same archive;
 * operators and government institutions see more, an enterprise sees its own unpublished records,
 * and they are never served from the cache. Records of the catalogue's CONDITIONAL and SELF_ONLY
 * items (issue 13) are withheld from the whole public class by the subgraph itself (rules.ts), so
 * what the class shares never holds them.
 *
 * An operation is cacheable when the one analysis (analysis/analyze.ts) withheld nothing from the
 * caller and every field it touches is **public archive**: served by the subgraph that keeps the
 * change log (so a write to it reaches the cache as an event), with no `@authenticated`,
 * `@requiresScopes` or `@policy` on the field or its type. Whatever is personal, consent-bound or
 * self-only carries one of those, or lives in another subgraph (the person subgraph masks names
 * per caller): such an operation runs afresh for every caller.
 *
 * What an answer depends on decides what invalidates it: an operation whose every root field is a
 * lookup by `uscc` and that reaches no other enterprise depends on those subjects only; any other
 * (lists, search, catalogue) depends on everything and goes at every change.
 */
import {
  getNamedType, isAbstractType, isInterfaceType, isObjectType, Kind, parse,
  type ConstDirectiveNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import type { Principal } from '../../lib/caller.ts';
import { visibilityKindOf } from '../../subgraphs/enterprise/rules.ts';
import type { AuthorizationRules } from '../authorization/directives.ts';
import type { Analysis } from '../analysis/analyze.ts';

/** The subgraph whose writes are announced on the change log (lib/change-log.ts). */
export const CHANGE_LOGGED_SUBGRAPH = 'enterprise';
/** The subject type whose key (`uscc`) change events name. */
const SUBJECT_TYPE = 'Enterprise';
const SUBJECT_ARG = 'uscc';
/**
 * Public fields served by the change-logged subgraph whose answer still depends on what the change
 * log does not announce: `verifyCreditReport` asks the person subgraph about a personal report (its
 * deletion must answer "not valid" at once, on every gateway) and the social-org subgraph about an
 * organisation's records (issue 15).
 */
const NEVER_CACHED: ReadonlySet<string> = new Set(['Query.verifyCreditReport']);

export type DisclosureClass = 'public';

/** The class whose entries the caller may share, or null: never served from the cache. */
export function disclosureClassOf(principal: Principal): DisclosureClass | null {
  return visibilityKindOf(principal) === 'public' ? 'public' : null;
}

/** Where a cacheable operation's subjects come from: literal values and variable names, per root field. */
export type SubjectSource = { literal: string } | { variable: string };

export interface Cacheability {
  /** Null: the answer depends on every subject (invalidated by any change). */
  subjects: SubjectSource[] | null;
}

export interface PublicFields {
  /** `Type.field` coordinates that are public archive. */
  has(coordinate: string): boolean;
}

const graphArg = (d: ConstDirectiveNode): string | null => {
  const v = d.arguments?.find((a) => a.name.value === 'graph')?.value;
  return v?.kind === Kind.ENUM ? v.value : null;
};
const isExternal = (d: ConstDirectiveNode) => d.arguments?.some((a) => a.name.value === 'external' && a.value.kind === Kind.BOOLEAN && a.value.value);

/**
 * The public-archive coordinates of the supergraph: resolvable by the change-logged subgraph
 * (`@join__field`, else the type's `@join__type`), with no authorization rule on the field, on
 * its type, or (for an interface field) on any implementation's.
 */
export function publicFields(supergraphSdl: string, schema: GraphQLSchema, rules: AuthorizationRules): PublicFields {
  const doc = parse(supergraphSdl);
  let logged: string | null = null;
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const v of def.values ?? []) {
      const name = v.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name')?.value;
      if (name?.kind === Kind.STRING && name.value === CHANGE_LOGGED_SUBGRAPH) logged = v.name.value;
    }
  }
  const served = new Set<string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (def.directives ?? []).filter((d) => d.name.value === 'join__type').map(graphArg);
    for (const field of def.fields ?? []) {
      const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = joins.length ? joins.filter((d) => !isExternal(d)).map(graphArg) : typeGraphs;
      if (logged && graphs.includes(logged)) served.add(`${def.name.value}.${field.name.value}`);
    }
  }
  const unruled = (typeName: string, fieldName: string): boolean => {
    const type = schema.getType(typeName);
    if (!type || (!isObjectType(type) && !isInterfaceType(type))) return false;
    const def = type.getFields()[fieldName];
    return !!def && !rules.fields.has(`${typeName}.${fieldName}`) && !rules.types.has(getNamedType(def.type).name);
  };
  const open = new Set<string>();
  for (const coordinate of served) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName)!;
    const owners = isAbstractType(type) ? [typeName, ...schema.getPossibleTypes(type).map((t) => t.name)] : [typeName];
    if (owners.every((o) => unruled(o, fieldName) && (o === typeName || served.has(`${o}.${fieldName}`)))) open.add(coordinate);
  }
  return { has: (c) => open.has(c) };
}

/**
 * Whether the analysed operation may be answered from the cache (null: never), and which subjects
 * its answer depends on. Needs the analysis's `fields` (collected for every caller).
 */
export function cacheabilityOf(
  analysis: Analysis, operation: OperationDefinitionNode, schema: GraphQLSchema, fields: PublicFields,
): Cacheability | null {
  if (operation.operation !== 'query' || analysis.denials.length > 0 || analysis.fields.length === 0) return null;
  if (!analysis.fields.every((c) => fields.has(c) && !NEVER_CACHED.has(c))) return null;
  const query = schema.getQueryType();
  if (!query) return null;
  const subjects: SubjectSource[] = [];
  let perSubject = true;
  for (const s of operation.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) { perSubject = false; break; }
    if (s.name.value.startsWith('__')) continue;
    const def = query.getFields()[s.name.value];
    const arg = s.arguments?.find((a) => a.name.value === SUBJECT_ARG)?.value;
    if (!def || getNamedType(def.type).name !== SUBJECT_TYPE || !arg) { perSubject = false; break; }
    if (arg.kind === Kind.STRING) subjects.push({ literal: arg.value });
    else if (arg.kind === Kind.VARIABLE) subjects.push({ variable: arg.name.value });
    else { perSubject = false; break; }
  }
  // Another enterprise reached from inside the answer (a back reference, a list) ties it to that one too.
  const reachesOthers = analysis.fields.some((c) => {
    const [typeName, fieldName] = c.split('.') as [string, string];
    if (typeName === query.name) return false;
    const type = schema.getType(typeName);
    const def = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[fieldName] : undefined;
    return !def || getNamedType(def.type).name === SUBJECT_TYPE;
  });
  return { subjects: perSubject && !reachesOthers && subjects.length ? subjects : null };
}

/** The subjects of one request (its variables filled in); null when any is not a plain string. */
export function subjectsOf(c: Cacheability, variables: Record<string, unknown>): string[] | null {
  if (!c.subjects) return null;
  const out: string[] = [];
  for (const s of c.subjects) {
    const v = 'literal' in s ? s.literal : variables[s.variable];
    if (typeof v !== 'string') return null;
    out.push(v);
  }
  return out;
}
