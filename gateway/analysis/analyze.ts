/**
 * The one analysis of a validated operation, for one kind of caller: a single walk that yields
 * the cost tree (cost.ts), the fields withheld from this caller, the metering probes and the
 * `Type.field`s touched, and rewrites the operation once. Each named fragment is walked once, where
 * it is first spread; what it yields is kept relative to its top and placed at every spread
 * (prefixing response paths), so a fragment spread many times is never walked again. The gate
 * (gate.ts) has already bounded how many selections the spreads expand to.
 *
 * The rewrite keeps fragments as fragments: a withheld field is removed from the definition it
 * sits in (the client's data has `null` there and a FORBIDDEN error, result.ts); where a field is
 * withheld only for some concrete types (under a type condition), or a selection would be left
 * empty, a `__cgType: __typename` probe is added; an `Enterprise` or `Person` selection that asks
 * for records gets a `__cgSubjectN: uscc|id` probe, read and removed after execution.
 */
import {
  getNamedType, getNullableType, isAbstractType, isInterfaceType, isListType, isObjectType, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionNode, type SelectionSetNode,
} from 'graphql';
import type { AuthorizationRules, Rule } from '../authorization/directives.ts';
import { checkCost, newCostNode, type CostNode, type FirstArg } from './cost.ts';
import type { TypedLimits } from './limits.ts';
import type { Subject, Subjects } from './subjects.ts';

export const TYPENAME_PROBE = '__cgType';
export const PROBE_PREFIX = '__cgSubject';

export interface Denial {
  /** Response keys from the root to the withheld field. */
  path: string[];
  /** When the field sits under a type condition: the concrete types it applies to. */
  onlyTypes: Set<string> | null;
  coordinate: string;
}

export interface ProbePlacement {
  alias: string;
  subject: Subject;
  /** Response keys from the root to the objects carrying the probe. */
  path: string[];
  /** Response-key paths from those objects to their records (any one holding data counts). */
  records: string[][];
}

export interface Analysis {
  /** The document to execute, or null when it is the client's own. */
  document: DocumentNode | null;
  operation: OperationDefinitionNode | null;
  denials: Denial[];
  probes: ProbePlacement[];
  /** Objects that carry a `__cgType` probe (removed after execution). */
  typeProbes: string[][];
  /** Paths to archive records that no enterprise encloses: each record there is one pull. */
  looseRecords: string[][];
  /** `Type.field` coordinates the operation touches, withheld ones excepted, sorted (for every caller). */
  fields: string[];
  /** The cost tree; `costChecked` when it holds no variable and was checked already. */
  cost: CostNode;
  costChecked: boolean;
}

export interface AnalysisOptions {
  schema: GraphQLSchema;
  limits: TypedLimits;
  /** Null when authorization is off. */
  authorization: { rules: AuthorizationRules; allows(rule: Rule): boolean } | null;
  /** Null when this caller is not metered. */
  metering: Subjects | null;
}

/** A denial whose `onlyTypes` the spread site decides (it sits at a fragment's top). */
interface PartDenial extends Denial { openAt: GraphQLCompositeType | null }

/** What one definition (the operation or a fragment) yields, paths relative to its top. */
interface Part {
  selectionSet: SelectionSetNode;
  denials: PartDenial[];
  probes: ProbePlacement[];
  typeProbes: string[][];
  /** Archive record fields with no enterprise above them inside the definition. */
  openRecords: string[][];
  fields: Set<string>;
  /** Fragments spread (transitively) where they are executed. */
  spreads: Set<string>;
  cost: CostNode;
}

/** The enterprise or person whose selection collects record paths, and where it is. */
interface Scope { subject: Subject; base: number; records: string[][] }

interface Walk {
  /** The field's type the selection belongs to; null at a fragment's top (decided at the spread). */
  staticType: GraphQLCompositeType | null;
  here: GraphQLCompositeType;
  path: string[];
  part: Part;
  /** False below a withheld field: only the cost is counted there. */
  live: boolean;
  archive: Scope | null;
  person: Scope | null;
  cost: CostNode;
}

const probeField = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name },
});
const TYPE_PROBE_FIELD = probeField(TYPENAME_PROBE, '__typename');

const newPart = (selectionSet: SelectionSetNode): Part => ({
  selectionSet, denials: [], probes: [], typeProbes: [], openRecords: [], fields: new Set(), spreads: new Set(), cost: newCostNode(),
});

class Analyzer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly parts = new Map<string, Part>();
  private readonly allowed = new Map<Rule, boolean>();
  private probeCount = 0;

  constructor(private readonly o: AnalysisOptions, document: DocumentNode) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  operation(op: OperationDefinitionNode, root: GraphQLCompositeType): Part {
    return this.definition(op.selectionSet, root, root);
  }

  fragmentDefinitions(names: Set<string>): FragmentDefinitionNode[] {
    return [...names].map((n) => {
      const def = this.fragments.get(n)!;
      const part = this.parts.get(n)!;
      return part.selectionSet === def.selectionSet ? def : { ...def, selectionSet: part.selectionSet };
    });
  }

  private fragment(name: string): Part | null {
    let part = this.parts.get(name);
    if (part) return part;
    const def = this.fragments.get(name);
    const type = def && this.o.schema.getType(def.typeCondition.name.value) as GraphQLCompositeType | undefined;
    if (!def || !type) return null;
    part = this.definition(def.selectionSet, null, type);
    this.parts.set(name, part);
    return part;
  }

  private definition(set: SelectionSetNode, staticType: GraphQLCompositeType | null, type: GraphQLCompositeType): Part {
    const part = newPart(set);
    const w: Walk = { staticType, here: type, path: [], part, live: true, archive: null, person: null, cost: part.cost };
    part.selectionSet = this.subjectSet(set, w);
    if (part.selectionSet.selections.length === 0) {
      part.selectionSet = { ...part.selectionSet, selections: [TYPE_PROBE_FIELD] };
      part.typeProbes.push([]);
    }
    return part;
  }

  /** A selection set that may start a subject's scope: its probe is added once it is walked. */
  private subjectSet(set: SelectionSetNode, w: Walk): SelectionSetNode {
    const subject = w.live ? this.o.metering?.byType.get(w.here.name) : undefined;
    if (!subject) return this.set(set, w);
    const scope: Scope = { subject, base: w.path.length, records: [] };
    const inner = this.set(set, { ...w, [subject.kind]: scope });
    if (scope.records.length === 0) return inner;
    const alias = `${PROBE_PREFIX}${this.probeCount++}`;
    w.part.probes.push({ alias, subject, path: w.path, records: scope.records });
    return { ...inner, selections: [...inner.selections, probeField(alias, subject.key)] };
  }

  private set(set: SelectionSetNode, w: Walk): SelectionSetNode {
    const kept: SelectionNode[] = [];
    let typeProbe = false;
    const addTypeProbe = () => {
      if (typeProbe) return;
      typeProbe = true;
      kept.push(TYPE_PROBE_FIELD);
      w.part.typeProbes.push(w.path);
    };
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const cond = s.typeCondition ? this.o.schema.getType(s.typeCondition.name.value) as GraphQLCompositeType : w.here;
        const inner = this.subjectSet(s.selectionSet, { ...w, here: cond ?? w.here });
        if (inner.selections.length) kept.push(inner === s.selectionSet ? s : { ...s, selectionSet: inner });
        continue;
      }
      if (s.kind === Kind.FRAGMENT_SPREAD) {
        const part = this.fragment(s.name.value);
        if (!part) continue;
        w.cost.spreads.push(part.cost);
        w.cost.variable ||= part.cost.variable;
        if (w.live) {
          this.place(part, w);
          w.part.spreads.add(s.name.value);
          for (const n of part.spreads) w.part.spreads.add(n);
        }
        kept.push(s);
        continue;
      }
      const field = this.field(s, w, addTypeProbe);
      if (field) kept.push(field);
    }
    const same = kept.length === set.selections.length && kept.every((k, i) => k === set.selections[i]);
    return same ? set : { ...set, selections: kept };
  }

  /** One field: counted, authorized, metered, walked. Returns what is kept of it (null: withheld). */
  private field(s: FieldNode, w: Walk, addTypeProbe: () => void): FieldNode | null {
    const name = s.name.value;
    if (name.startsWith('__')) return s;
    const key = s.alias?.value ?? name;
    const here = w.here;
    const def = isObjectType(here) || isInterfaceType(here) ? here.getFields()[name] : undefined;
    if (!def) return s;
    w.cost.fields++;
    const allowed = !w.live || !this.o.authorization || this.rulesFor(here, name).every((r) => this.allows(r));
    if (w.live && !allowed) {
      let onlyTypes: Set<string> | null = null;
      if (w.staticType === null || here !== w.staticType) {
        if (w.staticType) onlyTypes = this.concreteTypes(here);
        addTypeProbe();
      }
      w.part.denials.push({ path: [...w.path, key], onlyTypes, coordinate: `${here.name}.${name}`, openAt: w.staticType ? null : here });
    }
    const live = w.live && allowed;
    if (live) this.meter(def, here, key, w);
    if (!s.selectionSet) return live ? s : null;

    const type = getNamedType(def.type) as GraphQLCompositeType;
    const list = isListType(getNullableType(def.type));
    const firstNode = s.arguments?.find((a) => a.name.value === 'first')?.value;
    const first: FirstArg = firstNode?.kind === Kind.INT ? Number(firstNode.value)
      : firstNode?.kind === Kind.VARIABLE ? { variable: firstNode.name.value } : null;
    const defaultFirst = (def.args.find((a) => a.name === 'first')?.defaultValue as number | undefined) ?? null;
    const cost = newCostNode();
    const inner = this.subjectSet(s.selectionSet, {
      ...w, staticType: type, here: type, path: [...w.path, key], live, cost,
      person: null, archive: w.archive && live ? w.archive : null,
    });
    w.cost.children.push({ coordinate: `${here.name}.${name}`, list, first, defaultFirst, node: cost });
    w.cost.variable ||= cost.variable || (first !== null && typeof first !== 'number');
    if (!live) return null;
    if (inner.selections.length) return inner === s.selectionSet ? s : { ...s, selectionSet: inner };
    w.part.typeProbes.push([...w.path, key]);
    return { ...s, selectionSet: { ...inner, selections: [TYPE_PROBE_FIELD] } };
  }

  /** Fields touched, and record fields for the enterprise or person whose selection this is. */
  private meter(def: GraphQLField<unknown, unknown>, here: GraphQLCompositeType, key: string, w: Walk): void {
    // Touched fields are collected for every caller: metering reports them, and the response
    // cache decides from them whether an answer is public (gateway/cache/disclosure.ts).
    w.part.fields.add(`${here.name}.${def.name}`);
    const subjects = this.o.metering;
    if (!subjects) return;
    if (subjects.returnsArchive(def)) {
      if (w.archive) w.archive.records.push([...w.path.slice(w.archive.base), key]);
      else w.part.openRecords.push([...w.path, key]);
    }
    if (w.person?.base === w.path.length && subjects.personRecord(here.name, def.name)) w.person.records.push([key]);
  }

  /** Places what a fragment yields where it is spread. */
  private place(part: Part, w: Walk): void {
    const at = (p: string[]) => (w.path.length ? [...w.path, ...p] : p);
    for (const d of part.denials) {
      const open = d.openAt !== null && w.staticType === null;
      const onlyTypes = d.openAt === null || open ? d.onlyTypes
        : d.openAt !== w.staticType ? this.concreteTypes(d.openAt) : null;
      w.part.denials.push({ path: at(d.path), onlyTypes, coordinate: d.coordinate, openAt: open ? d.openAt : null });
    }
    for (const p of part.probes) w.part.probes.push({ ...p, path: at(p.path) });
    for (const p of part.typeProbes) w.part.typeProbes.push(at(p));
    for (const r of part.openRecords) {
      if (w.archive) w.archive.records.push([...w.path.slice(w.archive.base), ...r]);
      else w.part.openRecords.push(at(r));
    }
    for (const f of part.fields) w.part.fields.add(f);
  }

  private concreteTypes(t: GraphQLCompositeType): Set<string> {
    return new Set(isAbstractType(t) ? this.o.schema.getPossibleTypes(t).map((x) => x.name) : [t.name]);
  }

  private rulesFor(parent: GraphQLCompositeType, fieldName: string): Rule[] {
    const { rules } = this.o.authorization!;
    const out: Rule[] = [];
    const owners = isAbstractType(parent) ? [parent, ...this.o.schema.getPossibleTypes(parent)] : [parent];
    for (const owner of owners) {
      const r = rules.fields.get(`${owner.name}.${fieldName}`);
      if (r) out.push(r);
      if (!isObjectType(owner) && !isInterfaceType(owner)) continue;
      const def = owner.getFields()[fieldName];
      const tr = def && rules.types.get(getNamedType(def.type).name);
      if (tr) out.push(tr);
    }
    return out;
  }

  private allows(rule: Rule): boolean {
    let v = this.allowed.get(rule);
    if (v === undefined) this.allowed.set(rule, (v = this.o.authorization!.allows(rule)));
    return v;
  }
}

/**
 * Analyses the operation for one kind of caller. Throws MAX_LIST_FIRST / MAX_COST when the cost
 * holds no variable and is over a limit; otherwise `checkCost` runs per request.
 */
export function analyzeOperation(document: DocumentNode, operation: OperationDefinitionNode, o: AnalysisOptions): Analysis {
  const root = (operation.operation === 'mutation' ? o.schema.getMutationType()
    : operation.operation === 'subscription' ? o.schema.getSubscriptionType() : o.schema.getQueryType()) as GraphQLCompositeType;
  const analyzer = new Analyzer(o, document);
  const part = analyzer.operation(operation, root);
  const costChecked = !part.cost.variable;
  if (costChecked) checkCost(part.cost, {}, o.limits);
  const changed = part.selectionSet !== operation.selectionSet || part.denials.length > 0 || part.typeProbes.length > 0 || part.probes.length > 0;
  let rewritten: OperationDefinitionNode | null = null;
  let doc: DocumentNode | null = null;
  if (changed) {
    // Always a node of its own, even when only a fragment changed: federation's Operation is kept
    // per operation node (operation-cache.ts), and the client's document must not find this one's.
    rewritten = { ...operation, selectionSet: part.selectionSet };
    // The operation first: @apollo/gateway's executor builds its operation from the first definition.
    doc = { kind: Kind.DOCUMENT, definitions: [rewritten, ...analyzer.fragmentDefinitions(part.spreads)] };
  }
  return {
    document: doc,
    operation: rewritten,
    denials: part.denials.map(({ openAt: _o, ...d }) => d),
    probes: part.probes,
    typeProbes: part.typeProbes,
    looseRecords: part.openRecords,
    fields: [...part.fields].sort(),
    cost: part.cost,
    costChecked,
  };
}
