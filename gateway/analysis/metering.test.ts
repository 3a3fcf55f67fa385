import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse, print } from 'graphql';
import { extractRules } from '../authorization/directives.ts';
import { collectPulls, planMetering, PROBE_PREFIX } from './analyze.ts';

const { strippedSdl } = extractRules(readFileSync(resolve(import.meta.dirname, '../../schema/supergraph.graphql'), 'utf8'));
const schema = buildASTSchema(parse(strippedSdl), { assumeValidSDL: true });

/** What a subgraph answer would hold for the probed document: each probe alias next to its records. */
function answer(probes: string[], pages: Array<{ uscc: string; penalties: unknown[] | null }>) {
  const [probe] = probes;
  return {
    enterprises: {
      edges: pages.map((p) => ({ node: { name: `n-${p.uscc}`, penalties: p.penalties, [probe!]: p.uscc } })),
    },
  };
}

describe('planMetering / collectPulls', () => {
  it('counts each enterprise whose records came back once, and removes the probes', () => {
    const plan = planMetering(schema, parse('{ enterprises(first: 3) { edges { node { name penalties { amount } } } } }'));
    const aliases = [...plan.probes.keys()];
    expect(aliases).toEqual([`${PROBE_PREFIX}0`]);
    expect(plan.probes.get(aliases[0]!)!.path).toEqual(['enterprises', 'edges', 'node']);
    const data = answer(aliases, [
      { uscc: 'A', penalties: [{ amount: 1 }] }, { uscc: 'B', penalties: [] }, { uscc: 'A', penalties: [{ amount: 2 }] },
    ]);
    const pulls = collectPulls(data, plan.probes);
    expect([...pulls.archive]).toEqual(['A']);
    expect(JSON.stringify(data)).not.toContain(PROBE_PREFIX);
  });

  it('finds probes inside named fragments by searching the whole result', () => {
    const plan = planMetering(schema, parse('{ enterprises(first: 2) { edges { node { ...E } } } } fragment E on Enterprise { name penalties { amount } }'));
    const aliases = [...plan.probes.keys()];
    expect(plan.probes.get(aliases[0]!)!.path).toBeNull();
    expect(print(plan.document)).toContain(`${PROBE_PREFIX}0: uscc`);
    const data = answer(aliases, [{ uscc: 'A', penalties: [{ amount: 1 }] }, { uscc: 'B', penalties: [{ amount: 2 }] }]);
    expect([...collectPulls(data, plan.probes).archive].sort()).toEqual(['A', 'B']);
    expect(JSON.stringify(data)).not.toContain(PROBE_PREFIX);
  });

  it('follows aliases and stops at nulls on the way', () => {
    const plan = planMetering(schema, parse('{ e: enterprise(uscc: "A") { archive: penalties { amount } } }'));
    const [alias] = [...plan.probes.keys()];
    expect(plan.probes.get(alias!)!.path).toEqual(['e']);
    expect(collectPulls({ e: null }, plan.probes).archive.size).toBe(0);
    const data = { e: { archive: [{ amount: 3 }], [alias!]: 'A' } };
    expect([...collectPulls(data, plan.probes).archive]).toEqual(['A']);
    expect(data.e).toEqual({ archive: [{ amount: 3 }] });
  });
});
