/**
 * The public credit information catalogue (公共信用信息目录): what the platform collects, from whom,
 * about which kind of subject, where it lands in the archive, who may see it, how often it must
 * arrive, how long it is published and which fields it has. Versioned data in the repository
 * (lib/catalogue/catalogue.json); a platform names its own with CATALOGUE_FILE. Checked once at
 * start: one ConfigError lists every bad entry.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { addMonths } from '../time.ts';
import { ConfigError } from '../config.ts';
import {
  FIELD_TYPES, LEGAL_PERSON_COLUMNS, SLOTS, SUBJECT_FIELD, SUBJECT_KINDS, fieldFitsColumn, type FieldType, type Slot,
  type SubjectKind,
} from './slots.ts';

export { SLOTS, SUBJECT_KINDS, FIELD_TYPES, type Slot, type SubjectKind, type FieldType };

export const DEFAULT_CATALOGUE_FILE = new URL('./catalogue.json', import.meta.url).pathname;

export const DISCLOSURES = ['PUBLIC', 'CONDITIONAL', 'SELF_ONLY'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/** How often an item must arrive, and the days a record may take from decision to arrival by default. */
export const UPDATE_CYCLES = {
  REALTIME: { days: 1 },
  DAILY: { days: 1 },
  WEEKLY: { days: 7 },
  MONTHLY: { days: 31 },
  QUARTERLY: { days: 92 },
  YEARLY: { days: 366 },
} as const;
export type UpdateCycle = keyof typeof UPDATE_CYCLES;

const CODE = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;
const DEPARTMENT_CODE = /^[a-z][a-z0-9-]{0,39}$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;

const fieldSchema = z.object({
  name: z.string().regex(FIELD_NAME, 'a field name is camelCase ASCII, at most 40 characters'),
  type: z.enum(FIELD_TYPES),
  required: z.boolean(),
  label: z.string().min(1).optional(),
  values: z.array(z.string().min(1)).min(1).optional(),
  maxLength: z.number().int().positive().optional(),
  pattern: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
}).strict();

const ruleSchema = z.object({
  when: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  minMonths: z.number().int().min(0),
  maxMonths: z.number().int().min(0).nullable(),
}).strict();

const publicitySchema = z.object({
  /** The date field publicity counts from (default decisionDate). */
  from: z.string().optional(),
  /** A date field publicity ends on (a licence's validity); else `from` + the rule's maxMonths. */
  until: z.string().optional(),
  /** First match wins; a rule without `when` matches every record. */
  rules: z.array(ruleSchema).optional(),
}).strict();

const itemSchema = z.object({
  code: z.string().regex(CODE, 'an item code is upper-case segments joined by "-", e.g. FR-CF-001'),
  name: z.string().min(1),
  providers: z.array(z.string().regex(DEPARTMENT_CODE)).min(1),
  subjectKind: z.enum(SUBJECT_KINDS),
  slot: z.enum(SLOTS),
  disclosure: z.enum(DISCLOSURES),
  updateCycle: z.enum(Object.keys(UPDATE_CYCLES) as [UpdateCycle, ...UpdateCycle[]]),
  /** Days from decision to arrival still counted on time (default: the cycle's length). */
  deadlineDays: z.number().int().positive().optional(),
  publicity: publicitySchema.optional(),
  fields: z.array(fieldSchema).min(1),
}).strict();

const catalogueSchema = z.object({
  version: z.string().min(1),
  title: z.string().min(1).optional(),
  departments: z.array(z.object({ code: z.string().regex(DEPARTMENT_CODE), name: z.string().min(1) }).strict()).min(1),
  items: z.array(itemSchema).min(1),
}).strict();

export type CatalogueField = z.infer<typeof fieldSchema>;
export type PublicityRule = z.infer<typeof ruleSchema>;
export type CatalogueItem = z.infer<typeof itemSchema> & {
  /** The fields by name. */
  readonly fieldsByName: ReadonlyMap<string, CatalogueField>;
  /** The field naming the subject (uscc or idNumber). */
  readonly subjectField: string;
};
export interface Department { code: string; name: string }

export interface Catalogue {
  version: string;
  title: string | null;
  departments: readonly Department[];
  items: readonly CatalogueItem[];
  item(code: string): CatalogueItem | undefined;
  department(code: string): Department | undefined;
  /** The items a department provides, in catalogue order. */
  itemsOf(departmentCode: string): CatalogueItem[];
}

/** Everything wrong with one item beyond its shape, as "items[i] (code): …" lines. */
function itemProblems(item: z.infer<typeof itemSchema>, where: string, departments: Set<string>): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  for (const [k, f] of item.fields.entries()) {
    const at = `${where}.fields[${k}] (${f.name})`;
    if (names.has(f.name)) out.push(`${at}: the field is declared twice`);
    names.add(f.name);
    if ((f.type === 'ENUM') !== (f.values !== undefined)) out.push(`${at}: "values" is required for ENUM fields and only for them`);
    if (f.pattern !== undefined) {
      try { new RegExp(f.pattern, 'u'); } catch { out.push(`${at}: pattern is not a valid regular expression`); }
    }
  }
  for (const p of item.providers) if (!departments.has(p)) out.push(`${where}: provider "${p}" is not a department of the catalogue`);
  const subject = SUBJECT_FIELD[item.subjectKind];
  const subjectField = item.fields.find((f) => f.name === subject.name);
  if (!subjectField || subjectField.type !== subject.type || !subjectField.required) {
    out.push(`${where}: a ${item.subjectKind} item needs a required ${subject.type} field "${subject.name}"`);
  }
  const byName = new Map(item.fields.map((f) => [f.name, f]));
  const pub = item.publicity;
  for (const dateField of [pub?.from, pub?.until].filter((f): f is string => f !== undefined)) {
    if (byName.get(dateField)?.type !== 'DATE') out.push(`${where}: publicity counts on "${dateField}", which is not a DATE field of the item`);
  }
  if (pub?.rules && !pub.until && pub.from === undefined && byName.get('decisionDate')?.type !== 'DATE') {
    out.push(`${where}: publicity counts from decisionDate, which the item does not have`);
  }
  for (const [r, rule] of (pub?.rules ?? []).entries()) {
    if (rule.maxMonths !== null && rule.maxMonths < rule.minMonths) out.push(`${where}.publicity.rules[${r}]: maxMonths is below minMonths`);
    for (const field of Object.keys(rule.when ?? {})) {
      if (!byName.has(field)) out.push(`${where}.publicity.rules[${r}]: "when" names "${field}", not a field of the item`);
    }
  }
  // Legal persons land in the enterprise archive: every field must be a column of the slot.
  if (item.subjectKind === 'LEGAL_PERSON') {
    const columns = LEGAL_PERSON_COLUMNS[item.slot];
    for (const f of item.fields) {
      if (f.name === subject.name) continue;
      const column = columns[f.name];
      if (!column) out.push(`${where}: field "${f.name}" is not a column of the ${item.slot} archive (${Object.keys(columns).join(', ')})`);
      else if (!fieldFitsColumn(f.type, column)) out.push(`${where}: field "${f.name}" is ${f.type}, which its ${column.kind} column cannot hold`);
    }
    for (const [name, column] of Object.entries(columns)) {
      if (column.required && !byName.get(name)?.required) out.push(`${where}: the ${item.slot} archive needs the required field "${name}"`);
    }
  }
  return out;
}

/** Parses and checks a catalogue; `source` names it in the error. */
export function parseCatalogue(json: unknown, source: string): Catalogue {
  const parsed = catalogueSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${source}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const departmentCodes = new Set<string>();
  for (const d of raw.departments) {
    if (departmentCodes.has(d.code)) problems.push(`department "${d.code}" is declared twice`);
    departmentCodes.add(d.code);
  }
  const codes = new Set<string>();
  for (const [i, item] of raw.items.entries()) {
    const where = `items[${i}] (${item.code})`;
    if (codes.has(item.code)) problems.push(`${where}: the code is used twice`);
    codes.add(item.code);
    problems.push(...itemProblems(item, where, departmentCodes));
  }
  if (problems.length) throw new ConfigError(problems.map((p) => `${source}: ${p}`));

  const items: CatalogueItem[] = raw.items.map((item) => Object.freeze({
    ...item,
    fieldsByName: new Map(item.fields.map((f) => [f.name, f])),
    subjectField: SUBJECT_FIELD[item.subjectKind].name,
  }));
  const byCode = new Map(items.map((i) => [i.code, i]));
  const departments = new Map(raw.departments.map((d) => [d.code, d]));
  return Object.freeze({
    version: raw.version,
    title: raw.title ?? null,
    departments: raw.departments,
    items,
    item: (code: string) => byCode.get(code),
    department: (code: string) => departments.get(code),
    itemsOf: (departmentCode: string) => items.filter((i) => i.providers.includes(departmentCode)),
  });
}

const loaded = new Map<string, Catalogue>();

/**
 * The JSON of a data file a setting names (the catalogue, the sanction matters, the repair rules),
 * or a ConfigError worded by `unreadable` from the reason it could not be read or parsed.
 */
export function readDataFile(file: string, unreadable: (reason: string) => string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([unreadable((err as Error).message)]);
  }
}

/** The catalogue in `file` (default: the shipped one), read and checked once per process. */
export function loadCatalogue(file: string = DEFAULT_CATALOGUE_FILE): Catalogue {
  let catalogue = loaded.get(file);
  if (catalogue) return catalogue;
  const json = readDataFile(file, (reason) => `CATALOGUE_FILE: cannot read ${file} as JSON (${reason})`);
  catalogue = parseCatalogue(json, `CATALOGUE_FILE ${file}`);
  loaded.set(file, catalogue);
  return catalogue;
}

// --- rules the catalogue carries ----------------------------------------------------------------

/** The publicity rule that applies to a record with these values: the first rule whose `when` matches. */
export function publicityRuleFor(item: CatalogueItem, values: Readonly<Record<string, unknown>>): PublicityRule | null {
  for (const rule of item.publicity?.rules ?? []) {
    const matches = Object.entries(rule.when ?? {}).every(([field, want]) =>
      (Array.isArray(want) ? want : [want]).includes(String(values[field])));
    if (matches) return rule;
  }
  return null;
}

export interface Publicity {
  /** The last day of publicity (YYYY-MM-DD), or null: published without end. */
  endDate: string | null;
  minMonths: number;
  maxMonths: number | null;
}

/**
 * A record's publicity from the catalogue, never from the sender: it ends on the item's `until`
 * date field, else `from` (default decisionDate) + the rule's maxMonths, else never.
 */
export function publicityOf(item: CatalogueItem, values: Readonly<Record<string, unknown>>): Publicity {
  const rule = publicityRuleFor(item, values);
  const pub = item.publicity;
  const date = (field: string | undefined) => {
    const v = field === undefined ? undefined : values[field];
    return typeof v === 'string' ? v : null;
  };
  let endDate: string | null = null;
  if (pub?.until) endDate = date(pub.until);
  else if (rule?.maxMonths != null) {
    const from = date(pub?.from ?? 'decisionDate');
    endDate = from === null ? null : addMonths(from, rule.maxMonths);
  }
  return { endDate, minMonths: rule?.minMonths ?? 0, maxMonths: rule?.maxMonths ?? null };
}

/** Days a record may take from its decision to its arrival and still be on time. */
export function deadlineDaysOf(item: CatalogueItem): number {
  return item.deadlineDays ?? UPDATE_CYCLES[item.updateCycle].days;
}
