/**
 * The console's committed build is the build of its sources: console/dist is what esbuild makes of
 * console/src and console/public now, console/src/generated.ts what GraphQL Code Generator makes of
 * operations.graphql against the committed supergraph (so every operation the pages send is valid
 * against the API schema), and the page sources type-check (the root tsconfig has no DOM).
 * Rebuild with `npm run codegen:console && npm run build:console`.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildConsole, DIST } from '../../console/build.ts';
import { OUTPUT } from '../../console/codegen.ts';

describe('the console build', () => {
  it('has committed typed operations generated from the current schema', async () => {
    // In a child process: the codegen plugins are ES modules jest's CommonJS loader cannot require.
    const script = `import { generate } from '@graphql-codegen/cli';
      import { consoleCodegenConfig } from './console/codegen.ts';
      const [file] = await generate(consoleCodegenConfig(), false);
      process.stdout.write(JSON.stringify(file));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(child.stderr).toBe('');
    const file = JSON.parse(child.stdout) as { filename: string; content: string };
    expect(file.filename.endsWith(OUTPUT)).toBe(true);
    expect(readFileSync(OUTPUT, 'utf8')).toBe(file.content);
  }, 120_000);

  it('has committed assets that are the build of the current sources', async () => {
    const built = await buildConsole();
    expect(readdirSync(DIST).sort()).toEqual([...built.keys()].sort());
    for (const [name, body] of built) {
      expect({ name, same: Buffer.compare(readFileSync(join(DIST, name)), Buffer.from(body)) === 0 }).toEqual({ name, same: true });
    }
  }, 120_000);

  it('type-checks the page sources', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'console/tsconfig.json'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
