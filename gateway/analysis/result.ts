/**
 * The one pass over an execution result: puts `null` where each withheld field would have been
 * (a FORBIDDEN error per place, with list indices in its path), reads and removes the metering
 * probes, counts the pulls, and removes the `__cgType` probes. It follows the paths the analysis
 * recorded (a tree of response keys built once per plan), so it visits only the objects that
 * carry something, never the whole result.
 */
import type { Analysis, Denial, ProbePlacement } from './analyze.ts';
import { TYPENAME_PROBE } from './analyze.ts';

export interface ForbiddenError {
  message: string;
  path: (string | number)[];
  extensions: { code: 'FORBIDDEN' };
}

export interface Pulls {
  /** Distinct enterprises whose archive records were returned, plus records no enterprise encloses. */
  archive: number;
  /** Distinct persons whose records were returned. */
  person: number;
}

interface Node {
  children: Map<string, Node>;
  denials: Array<Denial & { index: number; key: string }>;
  probes: ProbePlacement[];
  typeProbe: boolean;
  /** Objects here are archive records outside any enterprise: one pull each. */
  looseRecords: boolean;
}

export interface ResultPlan { root: Node; denials: number }

const MAX_ERRORS_PER_DENIAL = 100;
const newNode = (): Node => ({ children: new Map(), denials: [], probes: [], typeProbe: false, looseRecords: false });

/** The tree of what the result pass does; null when there is nothing to do. */
export function resultPlan(a: Pick<Analysis, 'denials' | 'probes' | 'typeProbes' | 'looseRecords'>): ResultPlan | null {
  if (!a.denials.length && !a.probes.length && !a.typeProbes.length && !a.looseRecords.length) return null;
  const root = newNode();
  const at = (path: string[]): Node => {
    let node = root;
    for (const key of path) {
      let next = node.children.get(key);
      if (!next) node.children.set(key, (next = newNode()));
      node = next;
    }
    return node;
  };
  a.denials.forEach((d, index) => at(d.path.slice(0, -1)).denials.push({ ...d, index, key: d.path[d.path.length - 1]! }));
  for (const p of a.probes) at(p.path).probes.push(p);
  for (const p of a.typeProbes) at(p).typeProbe = true;
  for (const p of a.looseRecords) at(p).looseRecords = true;
  return { root, denials: a.denials.length };
}

const hasData = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined);

/** Whether any value along `path` (lists flattened) holds data. */
function holds(value: unknown, path: string[], i: number): boolean {
  if (i === path.length) return hasData(value);
  if (Array.isArray(value)) return value.some((v) => holds(v, path, i));
  if (!value || typeof value !== 'object') return false;
  return holds((value as Record<string, unknown>)[path[i]!], path, i + 1);
}

/** Applies the plan to `data` in place; returns the FORBIDDEN errors (in denial order) and the pulls. */
export function applyResult(data: Record<string, unknown> | null | undefined, plan: ResultPlan): { errors: ForbiddenError[]; pulls: Pulls } {
  const found: Array<{ index: number; error: ForbiddenError }> = [];
  const perDenial = new Array<number>(plan.denials).fill(0);
  const archive = new Set<string>();
  const person = new Set<string>();
  let loose = 0;
  const at: (string | number)[] = [];

  const visit = (node: Node, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => { at.push(i); visit(node, v); at.pop(); });
      return;
    }
    if (typeof value !== 'object') return;
    const obj = value as Record<string, unknown>;
    if (node.looseRecords) loose++;
    for (const d of node.denials) {
      if (perDenial[d.index]! >= MAX_ERRORS_PER_DENIAL) continue;
      if (d.onlyTypes && !d.onlyTypes.has(obj[TYPENAME_PROBE] as string)) continue;
      obj[d.key] = null;
      perDenial[d.index]!++;
      found.push({ index: d.index, error: { message: `Not authorized to see ${d.coordinate}.`, path: [...at, d.key], extensions: { code: 'FORBIDDEN' } } });
    }
    for (const p of node.probes) {
      if (!(p.alias in obj)) continue;
      const key = obj[p.alias];
      delete obj[p.alias];
      if (typeof key === 'string' && p.records.some((r) => holds(obj, r, 0))) (p.subject.kind === 'archive' ? archive : person).add(key);
    }
    for (const [key, child] of node.children) {
      at.push(key);
      visit(child, obj[key]);
      at.pop();
    }
    if (node.typeProbe) delete obj[TYPENAME_PROBE];
  };
  if (data) visit(plan.root, data);
  // Errors grouped by denial, in document order, each in result order (a stable sort).
  found.sort((x, y) => x.index - y.index);
  return { errors: found.map((f) => f.error), pulls: { archive: archive.size + loose, person: person.size } };
}
