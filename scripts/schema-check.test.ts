import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { breakingChanges } from './schema-check.ts';

const current = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');

/** The SDL without the field on the line matching `field`, and without its description. */
function without(sdl: string, field: RegExp): string {
  const lines = sdl.split('\n');
  const at = lines.findIndex((l) => field.test(l));
  if (at < 0) throw new Error(`no line matches ${field}`);
  let from = at;
  if (lines[at - 1]?.trim().endsWith('"""')) {
    from = at - 1;
    // A one-line block string opens and closes on its line; else walk back to its opening line.
    if (!/^\s*""".*"""\s*$/.test(lines[from]!)) while (from > 0 && lines[--from]!.trim() !== '"""');
  }
  lines.splice(from, at - from + 1);
  return lines.join('\n');
}

describe('schema:check', () => {
  it('finds no breaking change when a field is added', async () => {
    const before = without(current, /^\s+lastUsedAt: DateTime/);
    const { changes, breaking } = await breakingChanges(before, current);
    expect(changes.map((c) => c.message)).toContain("Field 'lastUsedAt' was added to object type 'ApiKeyInfo'");
    expect(breaking).toEqual([]);
  });

  it('reports a removed field, one behind an authorization directive included, as breaking', async () => {
    const after = without(without(current, /^\s+lastUsedAt: DateTime/), /^\s+institutions: \[Institution!\] @join__field/);
    const { breaking } = await breakingChanges(current, after);
    expect(breaking.map((c) => c.message).sort()).toEqual([
      "Field 'institutions' was removed from object type 'Query'",
      "Field 'lastUsedAt' was removed from object type 'ApiKeyInfo'",
    ]);
  });
});
