/**
 * The catalogue's publicity rules for penalties and black-list entries and the repair rules
 * (repair.json) say the same thing twice: how long a record is published at least (after which it
 * may be repaired) and at most (its publicity end). repair.json is the source (issue 16: each class
 * names the seed it comes from); this check is what keeps catalogue.json's copy, which collected
 * records take their publicity end from, equal to it. The enterprise subgraph refuses to start
 * when they disagree, and the catalogue test holds the shipped files to it.
 */
import { ConfigError } from '../config.ts';
import { publicityRuleFor, type Catalogue, type CatalogueItem } from './index.ts';
import type { RepairRules } from './repair-rules.ts';

/** The slots whose records the repair rules cover, as the repair rules name them. */
const REPAIRED_SLOTS: Readonly<Record<string, { recordType: string; fixed: Record<string, string> }>> = {
  PENALTIES: { recordType: 'AdministrativePenalty', fixed: {} },
  BLACK_LIST: { recordType: 'ListEntry', fixed: { listType: 'BLACK' } },
};

/** Every combination of the ENUM fields the repair classes distinguish records by. */
function combinations(item: CatalogueItem, fields: readonly string[]): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const name of fields) {
    const values = item.fields.find((f) => f.name === name)?.values;
    if (!values) continue;
    out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return out;
}

/** One line per record kind on which the two disagree ("" when they agree). */
export function publicityDisagreements(catalogue: Catalogue, rules: RepairRules): string[] {
  const problems: string[] = [];
  for (const item of catalogue.items) {
    const slot = REPAIRED_SLOTS[item.slot];
    if (!slot || item.subjectKind !== 'LEGAL_PERSON') continue;
    const fields = [...new Set(rules.classes.filter((c) => c.recordType === slot.recordType).flatMap((c) => Object.keys(c.when)))];
    for (const values of combinations(item, fields)) {
      const row = { ...values, ...slot.fixed };
      const repair = rules.classOf(slot.recordType, row);
      const rule = publicityRuleFor(item, row);
      const said = rule ? `${rule.minMonths}..${rule.maxMonths ?? '∞'}` : 'none';
      const wanted = repair ? `${repair.minMonths}..${repair.maxMonths}` : 'none';
      if (said !== wanted) {
        problems.push(`catalogue item ${item.code} ${JSON.stringify(values)}: publicity ${said} months, repair class ${repair?.code ?? '(none)'} says ${wanted}`);
      }
    }
  }
  return problems;
}

export function assertPublicityAligned(catalogue: Catalogue, rules: RepairRules): void {
  const problems = publicityDisagreements(catalogue, rules);
  if (problems.length > 0) throw new ConfigError(problems);
}
