import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';
import { DEFAULT_CATALOGUE_FILE, deadlineDaysOf, loadCatalogue, parseCatalogue, publicityOf } from './index.ts';
import { assertPublicityAligned, publicityDisagreements } from './publicity-alignment.ts';
import { buildRepairRules, DEFAULT_REPAIR_RULES_FILE, loadRepairRules } from './repair-rules.ts';

const shipped = loadCatalogue();

function problemsOf(json: unknown): string[] {
  try {
    parseCatalogue(json, 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

const raw = JSON.parse(readFileSync(DEFAULT_CATALOGUE_FILE, 'utf8'));
/** A fresh copy of the shipped penalty item, as written in the file. */
const penaltyItem = () => structuredClone(raw.items.find((i: { code: string }) => i.code === 'FR-CF-001'));

describe('the catalogue', () => {
  it('ships a catalogue with an item for every archive slot of a legal person', () => {
    const slots = new Set(shipped.items.filter((i) => i.subjectKind === 'LEGAL_PERSON').map((i) => i.slot));
    expect([...slots].sort()).toEqual(['BLACK_LIST', 'CERTIFICATES', 'COMMITMENTS', 'EVALUATIONS', 'HONORS', 'INSPECTIONS',
      'LICENSES', 'OTHER', 'OVERVIEW', 'PENALTIES', 'RED_LIST']);
    expect(shipped.itemsOf('samr').map((i) => i.code)).toContain('FR-CF-001');
    expect(shipped.department('court')?.name).toBe('中级人民法院');
  });

  it('lists every bad entry in one error', () => {
    const bad = penaltyItem();
    bad.providers = ['samr', 'nobody'];
    bad.fields = bad.fields.filter((f: { name: string }) => f.name !== 'violation');
    bad.fields.push({ name: 'colour', type: 'ENUM', required: false });
    const twice = penaltyItem();
    const problems = problemsOf({ version: '1', departments: [{ code: 'samr', name: '市场监督管理局' }], items: [bad, twice] });
    expect(problems).toEqual(expect.arrayContaining([
      'test: items[0] (FR-CF-001).fields[8] (colour): "values" is required for ENUM fields and only for them',
      'test: items[0] (FR-CF-001): provider "nobody" is not a department of the catalogue',
      expect.stringMatching(/^test: items\[0\] \(FR-CF-001\): field "colour" is not a column of the PENALTIES archive/),
      'test: items[0] (FR-CF-001): the PENALTIES archive needs the required field "violation"',
      'test: items[1] (FR-CF-001): the code is used twice',
    ]));
    expect(problems.length).toBeGreaterThanOrEqual(5);
  });

  it('reports shape errors with their path', () => {
    const item = penaltyItem();
    item.disclosure = 'SECRET';
    item.extra = 1;
    const problems = problemsOf({ version: '1', departments: [{ code: 'samr', name: 'x' }], items: [item] });
    expect(problems.some((p) => p.startsWith('test: items.0.disclosure:'))).toBe(true);
    expect(problems.some((p) => p.includes('extra'))).toBe(true);
  });

  it('refuses a legal-person item without a required USCC subject field', () => {
    const item = penaltyItem();
    item.fields = item.fields.map((f: { name: string }) => (f.name === 'uscc' ? { ...f, required: false } : f));
    expect(problemsOf({ version: '1', departments: [{ code: 'samr', name: 'x' }], items: [item] }))
      .toContain('test: items[0] (FR-CF-001): a LEGAL_PERSON item needs a required USCC field "uscc"');
  });

  it('reads a platform\'s own catalogue from CATALOGUE_FILE, and names the file when it is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const own = join(dir, 'own.json');
    writeFileSync(own, JSON.stringify({ version: 'own-1', departments: [{ code: 'samr', name: '某市市场监管局' }], items: [{ ...penaltyItem(), providers: ['samr'] }] }));
    expect(loadCatalogue(own).version).toBe('own-1');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{');
    expect(() => loadCatalogue(broken)).toThrow(/CATALOGUE_FILE: cannot read .*broken\.json as JSON/);
  });
});

describe('publicity from the catalogue', () => {
  const penalty = shipped.item('FR-CF-001')!;

  // Issue 16: records carry the maximum (3 years; repair.json), repair opens after the minimum.
  it('publishes a penalty for at most 36 months; repair opens after 0 (minor), 3 (general) or 12 months (safety, serious)', () => {
    expect(publicityOf(penalty, { severity: 'MINOR', domain: 'GENERAL', decisionDate: '2025-01-31' }))
      .toEqual({ endDate: '2028-01-31', minMonths: 0, maxMonths: 36 });
    expect(publicityOf(penalty, { severity: 'MINOR', domain: 'WORK_SAFETY', decisionDate: '2025-01-31' }))
      .toEqual({ endDate: '2028-01-31', minMonths: 12, maxMonths: 36 });
    expect(publicityOf(penalty, { severity: 'GENERAL', domain: 'GENERAL', decisionDate: '2025-01-31' }))
      .toEqual({ endDate: '2028-01-31', minMonths: 3, maxMonths: 36 });
    expect(publicityOf(penalty, { severity: 'SERIOUS', domain: 'GENERAL', decisionDate: '2025-01-31' }))
      .toEqual({ endDate: '2028-01-31', minMonths: 12, maxMonths: 36 });
  });

  it('says what the repair rules say for every kind of penalty and black-list entry (one source: repair.json)', () => {
    expect(publicityDisagreements(shipped, loadRepairRules())).toEqual([]);
  });

  it('names each kind of record on which a catalogue and the repair rules disagree', () => {
    const rules = loadRepairRules();
    const old = buildRepairRules({ ...JSON.parse(readFileSync(DEFAULT_REPAIR_RULES_FILE, 'utf8')),
      classes: rules.classes.map((c) => (c.code === 'PENALTY_SERIOUS' ? { ...c, minMonths: 36 } : c)) });
    expect(publicityDisagreements(shipped, old)).toEqual(['GENERAL', 'WORK_SAFETY', 'FIRE_SAFETY', 'SPECIAL_EQUIPMENT'].map((domain) =>
      `catalogue item FR-CF-001 {"severity":"SERIOUS","domain":"${domain}"}: publicity 12..36 months, repair class PENALTY_SERIOUS says 36..36`));
    expect(() => assertPublicityAligned(shipped, old)).toThrow(ConfigError);
  });

  it('ends a licence on its validity end, and an honour never', () => {
    expect(publicityOf(shipped.item('FR-XK-001')!, { decisionDate: '2025-01-01', validTo: '2030-01-01' }).endDate).toBe('2030-01-01');
    expect(publicityOf(shipped.item('FR-RY-001')!, { decisionDate: '2025-01-01' })).toEqual({ endDate: null, minMonths: 0, maxMonths: null });
  });

  it('gives an item its deadline from the update cycle unless it names one', () => {
    expect(deadlineDaysOf(penalty)).toBe(7);
    expect(deadlineDaysOf(shipped.item('FR-RY-001')!)).toBe(92);
  });
});
