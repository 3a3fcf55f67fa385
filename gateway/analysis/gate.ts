/**
 * The gate in front of graphql-js validation: a census of the document that needs no schema and
 * costs time linear in the document, each fragment counted once and its figures reused wherever it
 * is spread. It refuses, with QUERY_TOO_COMPLEX naming the limit, what would make validation or
 * anything after it expensive: fragments that multiply (a chain where each fragment spreads the
 * next twice is 2^n selections in under 2 kB), depth, aliases, root fields, directives, spreads,
 * and many same-named fields in one place (validation compares those pairwise:
 * OverlappingFieldsCanBeMerged took 0.35–0.7 s on 1,200 copies of `person { name }`, a 14 kB
 * document well inside the token limit).
 *
 * It is a validation rule that acts on entering the Document node, before any rule has seen a
 * selection set; on a crossed limit it reports the error and hands the visitor an empty document in
 * place of the hostile one, so no other rule walks it.
 * (Apollo Server's `maxRecursiveSelections` counts the same expanded selections, but in the same
 * parallel pass as graphql-js's own rules, once they have done their work, and it moves every
 * custom rule to a second pass: it cannot stand in front of them.)
 */
import {
  GraphQLError, Kind,
  type ASTVisitor, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode,
  type SelectionSetNode, type ValidationContext,
} from 'graphql';
import { CreditGraphError } from '../../lib/errors.ts';
import { tooComplex, type ShapeLimits } from './limits.ts';

/** Fields of one response name in one selection set: how many, and the sums of their sizes. */
interface Group { count: number; sum: number; sumSq: number }

/** What a selection set (or a fragment, wherever it is spread) adds up to. */
interface Figures {
  /** Selections, fragments expanded (fields, inline fragments and spreads each count one). */
  selections: number;
  aliases: number;
  /** Deepest field below, the set's own fields being 1. */
  depth: number;
  /** Response names at the set's top level, inline fragments and spreads flattened. */
  tops: Map<string, Group>;
}

const STOP: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

class Census {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  /** Per fragment, its figures once counted; `null` while it is being counted (a cycle, which validation reports). */
  private readonly counted = new Map<string, Figures | null>();
  private directives = 0;
  private spreads = 0;
  merges = 0;
  readonly reserved: GraphQLError[] = [];

  constructor(private readonly limits: ShapeLimits, definitions: readonly DefinitionNode[]) {
    for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  /** Operations first (so a limit is reported as the operation reaches it), then unused fragments. */
  run(definitions: readonly DefinitionNode[]): void {
    for (const d of definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      this.countDirectives(d.directives?.length ?? 0);
      for (const v of d.variableDefinitions ?? []) this.countDirectives(v.directives?.length ?? 0);
      const op = this.set(d.selectionSet, 1, 0);
      let rootFields = 0;
      for (const g of op.tops.values()) rootFields += g.count;
      if (rootFields > this.limits.maxRootFields) {
        throw tooComplex('MAX_ROOT_FIELDS', this.limits.maxRootFields, rootFields, 'The number of root fields');
      }
    }
    for (const name of this.fragments.keys()) this.fragment(name);
  }

  private fragment(name: string): Figures | null {
    if (this.counted.has(name)) return this.counted.get(name)!;
    const def = this.fragments.get(name);
    if (!def) return null;
    this.counted.set(name, null);
    this.countDirectives(def.directives?.length ?? 0);
    const figures = this.set(def.selectionSet, 1, 0);
    this.counted.set(name, figures);
    return figures;
  }

  /**
   * `depth`: the depth of this set's fields; `nesting`: inline fragments directly around it with no
   * field between (one inside another adds a level, so 800 of them nested are over MAX_DEPTH).
   */
  private set(set: SelectionSetNode, depth: number, nesting: number): Figures {
    const here: Figures = { selections: 0, aliases: 0, depth: 0, tops: new Map() };
    // Stop before descending further: the field above is already too deep (only `__schema` and
    // `__type` are not counted, and they sit at the root), or inline fragments nest too deep.
    const reach = Math.max(depth - 1, nesting > 1 ? depth + nesting - 1 : 0);
    if (reach > this.limits.maxDepth) throw tooComplex('MAX_DEPTH', this.limits.maxDepth, reach, 'The depth');
    for (const s of set.selections) {
      this.countDirectives(s.directives?.length ?? 0);
      here.selections++;
      if (s.kind === Kind.FIELD) {
        const key = s.alias?.value ?? s.name.value;
        if (s.alias) {
          here.aliases++;
          // The gateway's own probes (authorization, metering) use `__cg…` aliases; names starting
          // with "__" are reserved by GraphQL for introspection anyway.
          if (key.startsWith('__')) this.reserved.push(new GraphQLError(`Alias "${key}": aliases starting with "__" are reserved.`));
        }
        if (!s.name.value.startsWith('__')) here.depth = Math.max(here.depth, 1);
        let size = 1;
        if (s.selectionSet) {
          const inner = this.set(s.selectionSet, depth + 1, 0);
          here.selections += inner.selections;
          here.aliases += inner.aliases;
          if (inner.depth) here.depth = Math.max(here.depth, inner.depth + 1);
          size += inner.selections;
        }
        addGroup(here.tops, key, { count: 1, sum: size, sumSq: size * size });
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        this.add(here, this.set(s.selectionSet, depth, nesting + 1), depth);
      } else {
        if (++this.spreads > this.limits.maxFragmentSpreads) {
          throw tooComplex('MAX_FRAGMENT_SPREADS', this.limits.maxFragmentSpreads, this.spreads, 'The number of fragment spreads');
        }
        const f = this.fragment(s.name.value);
        if (f) this.add(here, f, depth);
      }
      this.check(here, depth);
    }
    for (const g of here.tops.values()) {
      if (g.count < 2) continue;
      // Validation compares every pair of same-named fields and, through them, their sub-selections:
      // at most the product of their sizes per pair.
      this.merges += (g.sum * g.sum - g.sumSq) / 2;
      if (this.merges > this.limits.maxFieldMerges) {
        throw tooComplex('MAX_FIELD_MERGES', this.limits.maxFieldMerges, this.merges, 'The work of merging same-named fields');
      }
    }
    return here;
  }

  /** Adds a flattened part (inline fragment, spread fragment) to the set it sits in. */
  private add(here: Figures, part: Figures, depth: number): void {
    here.selections += part.selections;
    here.aliases += part.aliases;
    here.depth = Math.max(here.depth, part.depth);
    for (const [key, g] of part.tops) addGroup(here.tops, key, g);
    this.check(here, depth);
  }

  /** Every figure only grows on the way up: crossed here, crossed for the operation. */
  private check(here: Figures, depth: number): void {
    const { maxSelections, maxAliases, maxDepth } = this.limits;
    if (here.selections > maxSelections) throw tooComplex('MAX_SELECTIONS', maxSelections, here.selections, 'The number of selections, fragments expanded');
    if (here.aliases > maxAliases) throw tooComplex('MAX_ALIASES', maxAliases, here.aliases, 'The number of aliases');
    const deepest = depth - 1 + here.depth;
    if (deepest > maxDepth) throw tooComplex('MAX_DEPTH', maxDepth, deepest, 'The depth');
  }

  private countDirectives(n: number): void {
    this.directives += n;
    if (this.directives > this.limits.maxDirectives) {
      throw tooComplex('MAX_DIRECTIVES', this.limits.maxDirectives, this.directives, 'The number of directives');
    }
  }
}

function addGroup(tops: Map<string, Group>, key: string, g: Group): void {
  const had = tops.get(key);
  if (!had) tops.set(key, { ...g });
  else { had.count += g.count; had.sum += g.sum; had.sumSq += g.sumSq; }
}

/**
 * Counts the document; throws the first limit crossed (a CreditGraphError), returns the
 * validation errors for reserved aliases and the merge work found.
 */
export function checkShape(document: DocumentNode, limits: ShapeLimits): { reserved: GraphQLError[]; fieldMerges: number } {
  const census = new Census(limits, document.definitions);
  census.run(document.definitions);
  return { reserved: census.reserved, fieldMerges: census.merges };
}

/** The gate as a validation rule; it must come before any rule that walks selection sets. */
export function shapeGate(limits: ShapeLimits): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    Document(node) {
      try {
        for (const e of checkShape(node, limits).reserved) context.reportError(e);
        return undefined;
      } catch (err) {
        if (!(err instanceof CreditGraphError)) throw err;
        context.reportError(err);
        // A replacement node ends the visit of the original: no other rule sees its selections.
        return STOP;
      }
    },
  });
}
