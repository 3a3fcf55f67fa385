/**
 * Field-level authorization before planning. The operation is rewritten without the fields the
 * caller may not see (fragments are inlined first so that a fragment, an alias or an interface
 * cannot open a way around a rule); after execution each withheld field is set to `null` in every
 * object it would have appeared in, with a FORBIDDEN error carrying its path.
 */
import {
  isAbstractType, isInterfaceType, isObjectType, Kind, getNamedType,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType,
  type GraphQLSchema, type InlineFragmentNode, type OperationDefinitionNode, type SelectionNode,
  type SelectionSetNode, type GraphQLError as _E,
} from 'graphql';
import type { AuthorizationRules, Rule } from './directives.ts';
import type { Evaluator } from './policies.ts';

export const TYPENAME_PROBE = '__cgType';

export interface Denial {
  /** Response keys from the root to the withheld field. */
  path: string[];
  /** When the field sits under a type condition: the concrete types it applies to. */
  onlyTypes: Set<string> | null;
  coordinate: string;
}

export interface Decision {
  document: DocumentNode;
  denials: Denial[];
  probed: boolean;
}

function inlineFragments(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, depth = 0): SelectionSetNode {
  if (depth > 50) throw new Error('fragment nesting too deep');
  return {
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(s.name.value);
        if (!frag) throw new Error(`unknown fragment ${s.name.value}`);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: frag.typeCondition,
          directives: s.directives,
          selectionSet: inlineFragments(frag.selectionSet, fragments, depth + 1),
        } satisfies InlineFragmentNode;
      }
      if (s.selectionSet) return { ...s, selectionSet: inlineFragments(s.selectionSet, fragments, depth + 1) };
      return s;
    }),
  };
}

function rulesFor(schema: GraphQLSchema, rules: AuthorizationRules, parent: GraphQLCompositeType, fieldName: string): Rule[] {
  const out: Rule[] = [];
  const owners = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
  for (const owner of owners) {
    const r = rules.fields.get(`${owner.name}.${fieldName}`);
    if (r) out.push(r);
    if (!isObjectType(owner) && !isInterfaceType(owner)) continue;
    const def = owner.getFields()[fieldName];
    if (def) {
      const tr = rules.types.get(getNamedType(def.type).name);
      if (tr) out.push(tr);
    }
  }
  return out;
}

const probeField: FieldNode = {
  kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPENAME_PROBE }, name: { kind: Kind.NAME, value: '__typename' },
};

/** Returns null when the caller may see everything the operation asks for. */
export function authorizeOperation(
  schema: GraphQLSchema, rules: AuthorizationRules, document: DocumentNode, operationName: string | null | undefined,
  evaluator: Evaluator,
): Decision | null {
  if (rules.fields.size === 0 && rules.types.size === 0) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    if (def.kind === Kind.OPERATION_DEFINITION && (!operationName || def.name?.value === operationName)) operation ??= def;
  }
  if (!operation) return null;
  const root = operation.operation === 'query' ? schema.getQueryType()
    : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return null;

  const denials: Denial[] = [];
  let probed = false;
  const allowedCache = new Map<Rule, boolean>();
  const allows = (r: Rule) => {
    let v = allowedCache.get(r);
    if (v === undefined) allowedCache.set(r, (v = evaluator.allows(r)));
    return v;
  };

  const walk = (set: SelectionSetNode, staticType: GraphQLCompositeType, here: GraphQLCompositeType, path: string[]): SelectionSetNode => {
    const kept: SelectionNode[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const cond = s.typeCondition ? schema.getType(s.typeCondition.name.value) as GraphQLCompositeType : here;
        const inner = walk(s.selectionSet, staticType, cond ?? here, path);
        if (inner.selections.length) kept.push({ ...s, selectionSet: inner });
        continue;
      }
      if (s.kind !== Kind.FIELD) continue;
      const name = s.name.value;
      const key = s.alias?.value ?? name;
      if (name.startsWith('__')) { kept.push(s); continue; }
      if (rulesFor(schema, rules, here, name).every(allows)) {
        if (s.selectionSet && (isObjectType(here) || isInterfaceType(here))) {
          const fieldType = getNamedType(here.getFields()[name]!.type) as GraphQLCompositeType;
          const inner = walk(s.selectionSet, fieldType, fieldType, [...path, key]);
          kept.push({ ...s, selectionSet: inner.selections.length ? inner : { ...inner, selections: [probeField] } });
          if (!inner.selections.length) probed = true;
        } else {
          kept.push(s);
        }
        continue;
      }
      let onlyTypes: Set<string> | null = null;
      if (here !== staticType) {
        onlyTypes = new Set(isAbstractType(here) ? schema.getPossibleTypes(here).map((t) => t.name) : [here.name]);
        probed = true;
        kept.push(probeField);
      }
      denials.push({ path: [...path, key], onlyTypes, coordinate: `${here.name}.${name}` });
    }
    return { ...set, selections: kept };
  };

  const inlined = inlineFragments(operation.selectionSet, fragments);
  const selectionSet = walk(inlined, root, root, []);
  if (denials.length === 0) return null;
  const newOperation: OperationDefinitionNode = {
    ...operation,
    selectionSet: selectionSet.selections.length ? selectionSet : { ...selectionSet, selections: [probeField] },
  };
  if (!selectionSet.selections.length) probed = true;
  return { document: { kind: Kind.DOCUMENT, definitions: [newOperation] }, denials, probed };
}

export interface ForbiddenError {
  message: string;
  path: (string | number)[];
  extensions: { code: 'FORBIDDEN' };
}

const MAX_ERRORS_PER_DENIAL = 100;

/** Puts `null` where each withheld field would have been and returns one FORBIDDEN error per place. */
export function applyDenials(data: Record<string, unknown> | null | undefined, decision: Decision): ForbiddenError[] {
  const errors: ForbiddenError[] = [];
  if (!data) return errors;
  for (const d of decision.denials) {
    let count = 0;
    const visit = (node: unknown, i: number, at: (string | number)[]): void => {
      if (node === null || node === undefined || count >= MAX_ERRORS_PER_DENIAL) return;
      if (Array.isArray(node)) { node.forEach((n, idx) => visit(n, i, [...at, idx])); return; }
      if (typeof node !== 'object') return;
      const obj = node as Record<string, unknown>;
      const key = d.path[i]!;
      if (i === d.path.length - 1) {
        if (d.onlyTypes && !d.onlyTypes.has(obj[TYPENAME_PROBE] as string)) return;
        obj[key] = null;
        count++;
        errors.push({
          message: `Not authorized to see ${d.coordinate}.`,
          path: [...at, key],
          extensions: { code: 'FORBIDDEN' },
        });
        return;
      }
      visit(obj[key], i + 1, [...at, key]);
    };
    visit(data, 0, []);
  }
  if (decision.probed) stripProbe(data);
  return errors;
}

function stripProbe(node: unknown): void {
  if (Array.isArray(node)) { for (const n of node) stripProbe(n); return; }
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    delete obj[TYPENAME_PROBE];
    for (const v of Object.values(obj)) if (v && typeof v === 'object') stripProbe(v);
  }
}
