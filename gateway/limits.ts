/**
 * Operation limits, checked after validation and before any subgraph is called: depth, aliases,
 * root fields, list sizes (`first`) and an estimated cost. Over a limit is QUERY_TOO_COMPLEX with
 * the limit named in `extensions.limit`. Fragments are expanded as they would be executed.
 */
import {
  getNamedType, isListType, getNullableType, isObjectType, isInterfaceType, Kind,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { CreditGraphError } from '../lib/errors.ts';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxListFirst: number;
  maxCost: number;
}

/** A list without a `first` argument is estimated at this many items. */
const DEFAULT_LIST_ESTIMATE = 5;

function tooComplex(limit: string, max: number, got: number, what: string): CreditGraphError {
  return new CreditGraphError('QUERY_TOO_COMPLEX', `${what} is ${got}, over the limit of ${max} (${limit}).`, {
    limit, max, actual: got, http: { status: 400 },
  });
}

/**
 * Operations that passed and whose verdict did not depend on variables (no `first: $x`), per
 * schema and limits: the same document passes again, so it is not walked again (the operation
 * node is the same object for every request of a query: Apollo Server keeps parsed documents).
 */
const passed = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; limits: Limits }>();

export function checkLimits(
  schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
  variables: Record<string, unknown>, limits: Limits,
): void {
  const known = passed.get(operation);
  if (known && known.schema === schema && known.limits === limits) return;
  let usesVariables = false;
  const intValue = (node: ValueNode | undefined): number | null => {
    if (!node) return null;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) {
      usesVariables = true;
      const v = variables[node.name.value];
      return typeof v === 'number' ? v : null;
    }
    return null;
  };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return;

  let aliases = 0;
  let maxDepthSeen = 0;
  let rootFields = 0;

  // Returns the estimated cost of a selection set under `type`, multiplied out by list sizes.
  // `pageSize`: the `first` of a connection field above, which sizes its `edges` list.
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, depth: number, seen: Set<string>, pageSize: number | null = null): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments.get(s.name.value);
        if (!f || seen.has(f.name.value)) continue;
        const cond = schema.getType(f.typeCondition.name.value) as GraphQLCompositeType;
        cost += walk(f.selectionSet, cond ?? type, depth, new Set([...seen, f.name.value]), pageSize);
        continue;
      }
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const cond = s.typeCondition ? schema.getType(s.typeCondition.name.value) as GraphQLCompositeType : type;
        cost += walk(s.selectionSet, cond ?? type, depth, seen, pageSize);
        continue;
      }
      if (s.alias) {
        aliases++;
        // The gateway's own probes (authorization, metering) use `__cg…` aliases; names starting
        // with "__" are reserved by GraphQL for introspection anyway.
        if (s.alias.value.startsWith('__')) {
          throw new CreditGraphError('GRAPHQL_VALIDATION_FAILED', `Alias "${s.alias.value}": aliases starting with "__" are reserved.`, {
            http: { status: 400 },
          });
        }
      }
      if (depth === 1) rootFields++;
      if (s.name.value.startsWith('__')) continue;
      maxDepthSeen = Math.max(maxDepthSeen, depth);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const field = type.getFields()[s.name.value] as GraphQLField<unknown, unknown> | undefined;
      if (!field) continue;
      const firstArg = s.arguments?.find((a) => a.name.value === 'first');
      const explicitFirst = intValue(firstArg?.value);
      const first = explicitFirst ?? (field.args.find((a) => a.name === 'first')?.defaultValue as number | undefined) ?? null;
      if (first !== null && first > limits.maxListFirst) {
        throw tooComplex('MAX_LIST_FIRST', limits.maxListFirst, first, `\`first\` on ${type.name}.${field.name}`);
      }
      const isList = isListType(getNullableType(field.type));
      // Archive lists default to `first: 100` but hold a handful of records: estimate those by the default.
      const multiplier = isList ? Math.max(1, explicitFirst ?? pageSize ?? DEFAULT_LIST_ESTIMATE) : 1;
      const inner = s.selectionSet
        ? walk(s.selectionSet, getNamedType(field.type) as GraphQLCompositeType, depth + 1, seen, isList ? null : first)
        : 0;
      cost += 1 + multiplier * inner;
    }
    return cost;
  };

  const cost = walk(operation.selectionSet, root, 1, new Set());
  if (rootFields > limits.maxRootFields) throw tooComplex('MAX_ROOT_FIELDS', limits.maxRootFields, rootFields, 'The number of root fields');
  if (maxDepthSeen > limits.maxDepth) throw tooComplex('MAX_DEPTH', limits.maxDepth, maxDepthSeen, 'The depth');
  if (aliases > limits.maxAliases) throw tooComplex('MAX_ALIASES', limits.maxAliases, aliases, 'The number of aliases');
  if (cost > limits.maxCost) throw tooComplex('MAX_COST', limits.maxCost, cost, 'The estimated cost');
  if (!usesVariables) passed.set(operation, { schema, limits });
}
