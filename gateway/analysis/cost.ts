/**
 * The estimated cost of an operation, multiplied out by list sizes, as a small tree the analysis
 * builds once per operation (a fragment's node is shared by every place it is spread) and that is
 * evaluated with each request's variables when a `first` comes from one. Each field costs 1; a
 * field with a selection adds its selection's cost times its list size: `first` when given, else
 * the page size of the connection above (`enterprises(first: 50) { edges { … } }`), else 5.
 */
import { tooComplex, type TypedLimits } from './limits.ts';

/** A list without a `first` argument (and no page above) is estimated at this many items. */
const DEFAULT_LIST_ESTIMATE = 5;

/** A `first` as the document gives it: a literal, a variable, or nothing. */
export type FirstArg = number | { variable: string } | null;

export interface CostNode {
  /** Fields of this selection, inline fragments included: 1 each. */
  fields: number;
  /** Fields with a selection of their own. */
  children: Array<{ coordinate: string; list: boolean; first: FirstArg; defaultFirst: number | null; node: CostNode }>;
  /** Fragments spread here (evaluated with this selection's page size). */
  spreads: CostNode[];
  /** Some `first` at or below comes from a variable: evaluate per request. */
  variable: boolean;
}

export const newCostNode = (): CostNode => ({ fields: 0, children: [], spreads: [], variable: false });

/** Evaluates the cost with the request's variables; throws MAX_LIST_FIRST or MAX_COST. */
export function checkCost(root: CostNode, variables: Record<string, unknown>, limits: TypedLimits): number {
  const memo = new Map<CostNode, Map<number | null, number>>();
  const valueOf = (arg: FirstArg): number | null => {
    if (arg === null || typeof arg === 'number') return arg;
    const v = variables[arg.variable];
    return typeof v === 'number' ? v : null;
  };
  const evaluate = (node: CostNode, page: number | null): number => {
    const known = memo.get(node)?.get(page);
    if (known !== undefined) return known;
    let cost = node.fields;
    for (const c of node.children) {
      const explicit = valueOf(c.first);
      const first = explicit ?? c.defaultFirst;
      if (first !== null && first > limits.maxListFirst) {
        throw tooComplex('MAX_LIST_FIRST', limits.maxListFirst, first, `\`first\` on ${c.coordinate}`);
      }
      // Archive lists default to `first: 100` but hold a handful of records: estimate those by the default.
      const multiplier = c.list ? Math.max(1, explicit ?? page ?? DEFAULT_LIST_ESTIMATE) : 1;
      cost += multiplier * evaluate(c.node, c.list ? null : first);
    }
    for (const s of node.spreads) cost += evaluate(s, page);
    let byPage = memo.get(node);
    if (!byPage) memo.set(node, (byPage = new Map()));
    byPage.set(page, cost);
    return cost;
  };
  const cost = evaluate(root, null);
  if (cost > limits.maxCost) throw tooComplex('MAX_COST', limits.maxCost, cost, 'The estimated cost');
  return cost;
}
