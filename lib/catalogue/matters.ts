/**
 * The joint rewards and sanctions list (联合奖惩措施清单): the matters a business system checks
 * subjects for and, per matter, the measures it applies, to which kinds of subject, triggered by
 * which red or black lists; with what Bao'an's published list carries besides: the initiating
 * department, the implementing department and the legal basis. Versioned data beside the
 * information catalogue (lib/catalogue/matters.json); checked once at start, one ConfigError lists
 * every bad entry.
 */
import { readDataFile } from './index.ts';
import { z } from 'zod';
import { ConfigError } from '../config.ts';

export const DEFAULT_MATTERS_FILE = new URL('./matters.json', import.meta.url).pathname;

export const SANCTION_SUBJECT_KINDS = ['ENTERPRISE', 'SOCIAL_ORGANIZATION', 'PERSON'] as const;
export type SanctionSubjectKind = (typeof SANCTION_SUBJECT_KINDS)[number];
export const MEASURE_KINDS = ['RESTRICTION', 'INCENTIVE'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

const CODE = /^[A-Z][A-Z0-9_]*$/;

const measureSchema = z.object({
  code: z.string().regex(CODE),
  name: z.string().min(1),
  kind: z.enum(MEASURE_KINDS),
  description: z.string(),
}).strict();

const matterMeasureSchema = z.object({
  measure: z.string().regex(CODE),
  subjectKinds: z.array(z.enum(SANCTION_SUBJECT_KINDS)).min(1),
  /** The list names whose active entries trigger the measure (black lists for restrictions, red for incentives). */
  lists: z.array(z.string().min(1)).min(1),
}).strict();

const matterSchema = z.object({
  code: z.string().regex(CODE),
  name: z.string().min(1),
  description: z.string(),
  initiatingDepartment: z.string().min(1),
  implementingDepartment: z.string().min(1),
  legalBasis: z.string().min(1),
  measures: z.array(matterMeasureSchema).min(1),
}).strict();

const fileSchema = z.object({
  version: z.string().min(1),
  title: z.string().min(1),
  note: z.string().optional(),
  measures: z.array(measureSchema).min(1),
  matters: z.array(matterSchema).min(1),
}).strict();

export type Measure = z.infer<typeof measureSchema>;
export interface MatterMeasure { measure: Measure; subjectKinds: readonly SanctionSubjectKind[]; lists: readonly string[] }
export interface Matter extends Omit<z.infer<typeof matterSchema>, 'measures'> { measures: readonly MatterMeasure[] }

export interface Matters {
  version: string;
  title: string;
  /** In code order. */
  matters: readonly Matter[];
  matter(code: string): Matter | undefined;
  measure(code: string): Measure | undefined;
}

/** Builds the list from parsed JSON; throws one ConfigError naming every problem. */
export function buildMatters(json: unknown, source = 'matters'): Matters {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const problems: string[] = [];
  const measures = new Map<string, Measure>();
  for (const m of parsed.data.measures) {
    if (measures.has(m.code)) problems.push(`${source}: measure ${m.code} is listed twice`);
    measures.set(m.code, m);
  }
  const matters = new Map<string, Matter>();
  for (const m of parsed.data.matters) {
    if (matters.has(m.code)) problems.push(`${source}: matter ${m.code} is listed twice`);
    const own: MatterMeasure[] = [];
    for (const mm of m.measures) {
      const measure = measures.get(mm.measure);
      if (!measure) problems.push(`${source}: matter ${m.code} names unknown measure ${mm.measure}`);
      else own.push({ measure, subjectKinds: mm.subjectKinds, lists: mm.lists });
    }
    matters.set(m.code, { ...m, measures: own });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const sorted = [...matters.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return Object.freeze({
    version: parsed.data.version,
    title: parsed.data.title,
    matters: sorted,
    matter: (code: string) => matters.get(code),
    measure: (code: string) => measures.get(code),
  });
}

export function loadMatters(file: string = DEFAULT_MATTERS_FILE): Matters {
  return buildMatters(readDataFile(file, (reason) => `SANCTION_MATTERS_FILE ${file}: ${reason}`), file);
}
