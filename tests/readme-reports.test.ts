/**
 * The README's credit reports section (issue 15, "Done when"): it shows a report page as an image
 * and the commands that verify a report, and what it shows exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = resolve(import.meta.dirname, '..');
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Credit reports'), readme.indexOf('\n## ', readme.indexOf('## Credit reports') + 1));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the README\'s credit reports section', () => {
  it('shows report pages as images that are PNG files in the repository', () => {
    const images = [...section.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
    expect(images).toEqual(expect.arrayContaining(['docs/credit-report-page-1.png', 'docs/credit-report-verification.png']));
    for (const image of images) expect(readFileSync(resolve(ROOT, image)).subarray(0, 8)).toEqual(PNG);
  });

  it('gives the commands that verify a report offline (a script that exists) and online (verifyCreditReport)', () => {
    expect(section).toContain('curl -s -o jwks.json http://127.0.0.1:4000/.well-known/jwks.json');
    const script = /node (examples\/verify-report\.mjs) report\.json jwks\.json/.exec(section)?.[1];
    expect(script && existsSync(resolve(ROOT, script))).toBe(true);
    expect(section).toMatch(/\{ verifyCreditReport\(number: "E\d{16}", digest:/);
  });
});
