/**
 * Credit repair rules (信用修复) per class of record, as data (lib/catalogue/repair.json): the
 * minimum publicity after which repair is possible, the maximum a record is published for (what
 * its publicity end is), what an application must bring and who decides. The seed and the repair
 * workflow read the same table, so a record's publicity end and its earliest repair never coincide
 * by accident (the contradiction issue 16 names: a minor penalty published 3 months and repairable
 * after 3 months). Checked once at start, one ConfigError lists every problem.
 */
import { readDataFile } from './index.ts';
import { z } from 'zod';
import { ConfigError } from '../config.ts';

export const DEFAULT_REPAIR_RULES_FILE = new URL('./repair.json', import.meta.url).pathname;

export const DECIDERS = ['DEPARTMENT', 'ON_APPLICATION'] as const;
export type Decider = (typeof DECIDERS)[number];

const requirementSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z_]*$/),
  name: z.string().min(1),
  /** How an application brings it: its commitment text, its evidence list, or a named document. */
  given: z.enum(['commitment', 'evidence', 'document']),
}).strict();

const classSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z_]*$/),
  // The GraphQL type of the record: an enterprise's penalty or list entry (enterprise subgraph), a person's penalty (person subgraph).
  recordType: z.enum(['AdministrativePenalty', 'ListEntry', 'PersonPenalty']),
  when: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  minMonths: z.number().int().min(0),
  maxMonths: z.number().int().min(0),
  requirements: z.array(z.string()).min(1),
  decidedBy: z.enum(DECIDERS),
  source: z.string().min(1),
}).strict();

const fileSchema = z.object({
  version: z.string().min(1),
  title: z.string().min(1),
  note: z.string().optional(),
  requirements: z.array(requirementSchema).min(1),
  classes: z.array(classSchema).min(1),
}).strict();

export type RepairRequirement = z.infer<typeof requirementSchema>;
export type RepairClass = z.infer<typeof classSchema>;

export interface RepairRules {
  version: string;
  requirements: readonly RepairRequirement[];
  classes: readonly RepairClass[];
  requirement(code: string): RepairRequirement | undefined;
  /** The first class whose recordType and `when` match the record's columns; null: not repairable. */
  classOf(recordType: string, row: Readonly<Record<string, unknown>>): RepairClass | null;
}

export function buildRepairRules(json: unknown, source = 'repair rules'): RepairRules {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  const requirements = new Map(parsed.data.requirements.map((r) => [r.code, r]));
  const problems: string[] = [];
  for (const c of parsed.data.classes) {
    if (c.maxMonths < c.minMonths) problems.push(`${source}: class ${c.code}: maxMonths is below minMonths`);
    for (const r of c.requirements) if (!requirements.has(r)) problems.push(`${source}: class ${c.code} names unknown requirement ${r}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const classes = parsed.data.classes;
  return Object.freeze({
    version: parsed.data.version,
    requirements: parsed.data.requirements,
    classes,
    requirement: (code: string) => requirements.get(code),
    classOf: (recordType: string, row: Readonly<Record<string, unknown>>) => classes.find((c) => c.recordType === recordType &&
      Object.entries(c.when).every(([field, values]) => values.includes(String(row[field])))) ?? null,
  });
}

export function loadRepairRules(file: string = DEFAULT_REPAIR_RULES_FILE): RepairRules {
  return buildRepairRules(readDataFile(file, (reason) => `REPAIR_RULES_FILE ${file}: ${reason}`), file);
}
