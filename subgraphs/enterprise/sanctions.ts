/**
 * Joint rewards and sanctions (联合奖惩) as a closed loop: before granting a matter, at a stage of it
 * (acceptance, processing, conclusion: Huzhou's business systems check at all three), a government
 * business system asks for up to 1,000 subjects at once whether a black list restricts them or a red
 * list rewards them; it gets a `checkId`, and reports back what it did (reportSanctionOutcome,
 * Ningbo Jiangbei's 应用结果全反馈); `sanctionCases` lists what was found and done.
 *
 * The list of matters × measures × triggering lists × kinds of subject is data
 * (lib/catalogue/matters.json, with Bao'an's initiating and implementing departments and legal
 * basis). The lists a decision rests on live where their subjects do:
 * - enterprises (and any USCC): the archive's list entries here, ONE statement for every subject;
 * - social organisations (USCC from civil affairs, '5…'): also their own lists, ONE `_entities`
 *   call to the social-org subgraph;
 * - persons (resident ID numbers; Bao'an stops dishonest judgment debtors from subsidy matters):
 *   ONE call to the person subgraph as the caller, which decides the caller's statutory scope and
 *   writes every person checked to that person's access log before it answers. Only the masked ID
 *   number and a keyed hash of it are kept here.
 *
 * Per subject: RESTRICTED when an active BLACK entry triggers a RESTRICTION measure of the matter
 * for the subject's kind; else INCENTIVE when an active RED entry triggers an INCENTIVE measure;
 * else NONE. An entry under objection still counts (it stays in force until decided). The check and
 * its RESTRICTED/INCENTIVE cases are written in one transaction before the answer.
 */
import { randomUUID, createHmac } from 'node:crypto';
import type { ListEntry, SanctionCase } from '../../prisma/generated/enterprise/sqlite/client.ts';
import { loadMatters, type Matter, type Matters, type Measure, type SanctionSubjectKind } from '../../lib/catalogue/matters.ts';
import { transaction } from '../../lib/db/client.ts';
import { badUserInput, CreditGraphError, forbidden } from '../../lib/errors.ts';
import { validateIdNumber } from '../../lib/identifiers/id-number.ts';
import { idNumberHmac } from '../../lib/identifiers/id-number-crypto.ts';
import { maskIdNumber } from '../../lib/identifiers/masking.ts';
import { validateUscc } from '../../lib/identifiers/uscc.ts';
import { peerClient, unexpectedError, type PeerCall } from '../../lib/reports/peer.ts';
import { notFound } from '../../lib/workflow.ts';
import type { EnterpriseConfig } from './config.ts';
import type { Context } from './context.ts';
import { findEnterprisesByUscc } from './db/enterprises.ts';
import {
  findActiveListEntries, findSanctionCase, findSanctionCases, findSanctionCheck, insertSanctionCheck, recordSanctionOutcome,
} from './db/sanctions.ts';
import { isDisclosed, mayCheckPersons, mayReportSanctionOutcome, maySearchSanctions, visibilityFor } from './rules.ts';

export const MAX_SUBJECTS = 1000;
export const MAX_CASES = 500;
export const STAGES = ['ACCEPTANCE', 'PROCESSING', 'CONCLUSION'] as const;
export type SanctionStage = (typeof STAGES)[number];
export type SanctionDecision = 'RESTRICTED' | 'INCENTIVE' | 'NONE';

/** The list of matters, and the peers that hold persons' and social organisations' lists. */
export interface SanctionDesk {
  matters: Matters;
  peers: { socialOrg: PeerCall; person: PeerCall };
  /** Keys the hash a person's case is found by (the raw ID number is never stored here). */
  subjectKey: (idNumber: string) => string;
}

export function loadSanctionDesk(config: Pick<EnterpriseConfig, 'mattersFile' | 'peerUrls' | 'callerSecret'>, matters?: Matters): SanctionDesk {
  const key = createHmac('sha256', config.callerSecret).update('creditgraph/sanction-subject').digest();
  return {
    matters: matters ?? loadMatters(config.mattersFile),
    peers: {
      socialOrg: peerClient('social-org', config.peerUrls.socialOrg, config.callerSecret),
      person: peerClient('person', config.peerUrls.person, config.callerSecret),
    },
    subjectKey: (idNumber) => idNumberHmac(idNumber, key),
  };
}

/** An active entry a decision rests on, wherever it is kept. */
export interface ListBasis {
  source: 'ENTERPRISE_ARCHIVE' | 'SOCIAL_ORG' | 'PERSON';
  id: string;
  listType: string;
  listName: string;
  listedOn: string;
}

export interface SanctionCheckResult {
  checkId: string;
  stage: SanctionStage;
  subjectKind: SanctionSubjectKind;
  /** The USCC, or the masked ID number. */
  subject: string;
  decision: SanctionDecision;
  measures: Measure[];
  /** The archive's entries (ListEntry rows) among `listBasis`. */
  basis: ListEntry[];
  listBasis: ListBasis[];
}

/** What `decide` needs of a rule: the list that triggers it and the measure. */
type Rule = { listName: string; measure: { code: string; kind: string } };
type Entry = { listType: string; listName: string };

const LIST_OF_KIND = { RESTRICTION: 'BLACK', INCENTIVE: 'RED' } as const;

/**
 * The measures `entries` (all active, of one subject) trigger under `rules`, in code order, and the
 * entries that did, in their given order (pure).
 */
function triggered<R extends Rule, E extends Entry>(rules: readonly R[], entries: readonly E[], kind: 'RESTRICTION' | 'INCENTIVE') {
  const measures = new Map<string, R['measure']>();
  const basis: E[] = [];
  for (const e of entries) {
    if (e.listType !== LIST_OF_KIND[kind]) continue;
    const hits = rules.filter((rule) => rule.measure.kind === kind && rule.listName === e.listName);
    for (const rule of hits) measures.set(rule.measure.code, rule.measure);
    if (hits.length > 0) basis.push(e);
  }
  return { measures: [...measures.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)), basis };
}

/** One subject's decision from the matter's rules and the subject's active entries (pure). */
export function decide<R extends Rule, E extends Entry>(subject: string, rules: readonly R[], entries: readonly E[]) {
  const restriction = triggered(rules, entries, 'RESTRICTION');
  if (restriction.measures.length > 0) return { subject, decision: 'RESTRICTED' as SanctionDecision, ...restriction };
  const incentive = triggered(rules, entries, 'INCENTIVE');
  if (incentive.measures.length > 0) return { subject, decision: 'INCENTIVE' as SanctionDecision, ...incentive };
  return { subject, decision: 'NONE' as SanctionDecision, measures: [] as R['measure'][], basis: [] as E[] };
}

/** The matter's rules for one kind of subject: one per (measure, list) (pure). */
export function rulesFor(matter: Matter, kind: SanctionSubjectKind): { listName: string; measure: Measure }[] {
  return matter.measures
    .filter((m) => m.subjectKinds.includes(kind))
    .flatMap((m) => m.lists.map((listName) => ({ listName, measure: m.measure })));
}

export const sanctionMatters = (ctx: Context): readonly Matter[] => ctx.sanctions.matters.matters;

// --- subjects ---------------------------------------------------------------------------------------

interface Subject {
  kind: SanctionSubjectKind;
  /** The USCC, or the whole ID number (used for the person call only, never stored or shown). */
  value: string;
  /** What the answer and the case show. */
  shown: string;
}

/** A USCC from civil affairs (registration authority 5) names a social organisation. */
const kindOfUscc = (uscc: string): SanctionSubjectKind => (uscc.startsWith('5') ? 'SOCIAL_ORGANIZATION' : 'ENTERPRISE');

/**
 * Classifies and normalizes every subject: a valid USCC, else a valid resident ID number, else a
 * historical USCC failing only its check digit that is on record here (one lookup, only when such
 * codes are present). The whole call is refused for the first invalid one, naming its index.
 */
async function classifySubjects(ctx: Context, subjects: readonly string[]): Promise<Subject[]> {
  const now = ctx.now();
  const checks = subjects.map((s) => {
    const uscc = validateUscc(s);
    return { uscc, id: uscc.ok ? null : validateIdNumber(s, now) };
  });
  const legacy = [...new Set(checks.flatMap(({ uscc, id }) =>
    (!uscc.ok && !id?.ok && uscc.reason === 'USCC_CHECK_DIGIT' && uscc.uscc ? [uscc.uscc] : [])))];
  const onRecord = new Set(legacy.length > 0 ? (await findEnterprisesByUscc(ctx.db, legacy)).map((e) => e.uscc) : []);
  return checks.map(({ uscc, id }, index): Subject => {
    if (uscc.ok) return { kind: kindOfUscc(uscc.uscc), value: uscc.uscc, shown: uscc.uscc };
    if (id?.ok) return { kind: 'PERSON', value: id.idNumber, shown: maskIdNumber(id.idNumber) };
    if (uscc.reason === 'USCC_CHECK_DIGIT' && uscc.uscc && onRecord.has(uscc.uscc)) {
      return { kind: kindOfUscc(uscc.uscc), value: uscc.uscc, shown: uscc.uscc };
    }
    // An ID number's shape with a wrong check character is named as such; anything else as a USCC.
    const bad = id && id.reason === 'ID_NUMBER_CHECK_DIGIT' ? id : uscc;
    throw new CreditGraphError('BAD_USER_INPUT', `subjects[${index}]: ${bad.message}`, { reason: bad.reason, index });
  });
}

const personScope = () => new CreditGraphError('FORBIDDEN',
  'Persons are checked only under a government institution\'s statutory scope (person:judgment-debtor).', { reason: 'PERSON_SCOPE' });

// --- the peers' lists ---------------------------------------------------------------------------------

const SOCIAL_ORG_LISTS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on SocialOrganization {
  uscc redList { id listType listName listedOn active } blackList { id listType listName listedOn active } } } }`;

type PeerEntry = { id: string; listType: string; listName: string; listedOn: string; active: boolean };
type SocialOrgLists = { _entities: ({ uscc: string; redList: PeerEntry[]; blackList: PeerEntry[] } | null)[] };

/** Social organisations' own active entries, by USCC: one call whatever their number. */
async function socialOrgEntries(ctx: Context, usccs: readonly string[]): Promise<Map<string, ListBasis[]>> {
  const out = new Map<string, ListBasis[]>();
  if (usccs.length === 0) return out;
  const reply = await ctx.sanctions.peers.socialOrg<SocialOrgLists>(ctx.caller, SOCIAL_ORG_LISTS, {
    r: usccs.map((uscc) => ({ __typename: 'SocialOrganization', uscc })),
  });
  const failed = unexpectedError(reply);
  if (failed) throw new Error(`social-org subgraph: ${failed.message}`);
  for (const org of reply.data?._entities ?? []) {
    if (!org) continue;
    out.set(org.uscc, [...org.blackList, ...org.redList].filter((e) => e.active).map((e) => ({
      source: 'SOCIAL_ORG', id: e.id, listType: e.listType, listName: e.listName, listedOn: e.listedOn,
    })));
  }
  return out;
}

/** The person subgraph's list: dishonest judgment debtors (失信被执行人), a black list. */
const JUDGMENT_DEBTOR_LIST = '失信被执行人';

type PersonReply = Record<string, { id: string; judgmentDebtor: { cases: { id: string; listedOn: string; removedOn: string | null; withdrawn: boolean }[] } | null } | null>;

/**
 * Persons' active judgment-debtor cases, by ID number: ONE call to the person subgraph as the
 * caller (one aliased field per person), which refuses a caller without the statutory scope and
 * logs every person it answers for in that person's access log.
 */
async function personEntries(ctx: Context, idNumbers: readonly string[]): Promise<Map<string, ListBasis[]>> {
  const out = new Map<string, ListBasis[]>();
  if (idNumbers.length === 0) return out;
  const fields = idNumbers.map((_, i) => `p${i}: person(idNumber: $i${i}) { id judgmentDebtor { cases { id listedOn removedOn withdrawn } } }`);
  const query = `query(${idNumbers.map((_, i) => `$i${i}: String!`).join(', ')}) { ${fields.join(' ')} }`;
  const reply = await ctx.sanctions.peers.person<PersonReply>(ctx.caller, query, Object.fromEntries(idNumbers.map((id, i) => [`i${i}`, id])));
  if (reply.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')) {
    throw personScope();
  }
  const failed = unexpectedError(reply);
  if (failed) throw new Error(`person subgraph: ${failed.message}`);
  idNumbers.forEach((idNumber, i) => {
    const person = reply.data?.[`p${i}`];
    const cases = person?.judgmentDebtor?.cases ?? [];
    out.set(idNumber, cases
      .filter((c) => !c.withdrawn && c.listedOn <= ctx.today && (c.removedOn === null || c.removedOn > ctx.today))
      .map((c) => ({ source: 'PERSON', id: c.id, listType: 'BLACK', listName: JUDGMENT_DEBTOR_LIST, listedOn: c.listedOn })));
  });
  return out;
}

// --- the check ------------------------------------------------------------------------------------------

const archiveBasis = (e: ListEntry): ListBasis => ({ source: 'ENTERPRISE_ARCHIVE', id: e.id, listType: e.listType, listName: e.listName, listedOn: e.listedOn });

export async function checkSanctions(
  ctx: Context, args: { subjects: readonly string[]; matterCode: string; stage?: SanctionStage | null },
): Promise<SanctionCheckResult[]> {
  if (!maySearchSanctions(ctx.caller.principal)) throw forbidden('Joint sanctions checks are for government institutions and operators.');
  if (args.subjects.length > MAX_SUBJECTS) {
    throw badUserInput('TOO_MANY_SUBJECTS', `At most ${MAX_SUBJECTS} subjects per call; got ${args.subjects.length}.`);
  }
  const stage = args.stage ?? 'ACCEPTANCE';
  const matter = ctx.sanctions.matters.matter(args.matterCode);
  if (!matter) throw badUserInput('UNKNOWN_MATTER', `No matter '${args.matterCode}' in the catalogue (Query.sanctionMatters lists them).`);
  const subjects = await classifySubjects(ctx, args.subjects);
  const of = (kind: SanctionSubjectKind) => [...new Set(subjects.filter((s) => s.kind === kind).map((s) => s.value))];
  const persons = of('PERSON');
  if (persons.length > 0 && !mayCheckPersons(ctx.caller.principal)) {
    throw personScope();
  }
  const usccs = [...of('ENTERPRISE'), ...of('SOCIAL_ORGANIZATION')];
  const listNames = [...new Set(matter.measures.flatMap((m) => m.lists))];
  const [archive, socialOrgs, people] = await Promise.all([
    findActiveListEntries(ctx.db, usccs, listNames, ctx.today),
    socialOrgEntries(ctx, of('SOCIAL_ORGANIZATION')),
    personEntries(ctx, persons),
  ]);
  const archiveBySubject = new Map<string, ListEntry[]>();
  // Entries of a catalogue item withheld from the checker (SELF_ONLY for government: rules.ts) do not count against the subject.
  const v = visibilityFor(ctx.caller.principal, ctx.catalogue);
  for (const e of archive) if (isDisclosed(v, e, ctx.today)) archiveBySubject.set(e.uscc, [...(archiveBySubject.get(e.uscc) ?? []), e]);

  const checkId = randomUUID();
  const results = subjects.map((s): SanctionCheckResult => {
    const own = archiveBySubject.get(s.value) ?? [];
    const entries: (ListBasis & { row?: ListEntry })[] = [
      ...own.map((row) => ({ ...archiveBasis(row), row })),
      ...(s.kind === 'SOCIAL_ORGANIZATION' ? socialOrgs.get(s.value) ?? [] : []),
      ...(s.kind === 'PERSON' ? people.get(s.value) ?? [] : []),
    ];
    const d = decide(s.shown, rulesFor(matter, s.kind), entries);
    return {
      checkId, stage, subjectKind: s.kind, subject: s.shown, decision: d.decision, measures: d.measures,
      basis: d.basis.flatMap((e) => (e.row ? [e.row] : [])),
      listBasis: d.basis.map(({ row: _row, ...b }) => b),
    };
  });
  await recordCheck(ctx, checkId, matter.code, stage, subjects, results);
  return results;
}

/** The check and its RESTRICTED/INCENTIVE cases (one per distinct subject), in one transaction. */
async function recordCheck(
  ctx: Context, checkId: string, matterCode: string, stage: SanctionStage, subjects: readonly Subject[], results: readonly SanctionCheckResult[],
): Promise<void> {
  const at = ctx.now();
  const p = ctx.caller.principal;
  const institutionId = p.kind === 'INSTITUTION' ? p.institutionId : null;
  const seen = new Set<string>();
  const cases = results.flatMap((r, position) => {
    const subject = subjects[position];
    const subjectKey = subject.kind === 'PERSON' ? ctx.sanctions.subjectKey(subject.value) : subject.value;
    if (r.decision === 'NONE' || seen.has(subjectKey)) return [];
    seen.add(subjectKey);
    return [{
      id: randomUUID(), checkId, position, subjectKind: r.subjectKind, subjectKey, subject: r.subject, decision: r.decision,
      measures: r.measures.map((m) => m.code).join(','), matterCode, stage, institutionId, day: ctx.today, at,
    }];
  });
  const count = (d: SanctionDecision) => results.filter((r) => r.decision === d).length;
  await transaction(ctx.db, (tx) => insertSanctionCheck(tx, ctx.db.reader.provider, {
    id: checkId, at, day: ctx.today, institutionId, matterCode, stage,
    subjects: results.length, restricted: count('RESTRICTED'), incentive: count('INCENTIVE'),
  }, cases));
}

// --- the feedback -----------------------------------------------------------------------------------------

/** The key a subject as the business system names it has in the check's cases. */
function subjectKeyOf(ctx: Context, subject: string): string {
  const uscc = validateUscc(subject);
  if (uscc.ok) return uscc.uscc;
  const id = validateIdNumber(subject, ctx.now());
  if (id.ok) return ctx.sanctions.subjectKey(id.idNumber);
  return uscc.uscc ?? subject.trim().toUpperCase();
}

export async function reportSanctionOutcome(
  ctx: Context, args: { checkId: string; subject: string; applied: boolean; measure?: string | null; note?: string | null },
): Promise<SanctionCase> {
  const p = ctx.caller.principal;
  const check = await findSanctionCheck(ctx.db, args.checkId);
  if (!check) throw notFound('sanctions check', args.checkId);
  if (!mayReportSanctionOutcome(p, check.institutionId)) throw forbidden('Only the institution that made the check reports its outcome.');
  const found = await findSanctionCase(ctx.db, check.id, subjectKeyOf(ctx, args.subject));
  if (!found) throw badUserInput('NO_CASE', 'The check found this subject neither RESTRICTED nor INCENTIVE (or did not name it): there is no outcome to report.');
  const measure = args.measure ?? null;
  if (measure !== null && !found.measures.split(',').includes(measure)) {
    throw badUserInput('UNKNOWN_MEASURE', `Measure '${measure}' is not one of the check's result for this subject (${found.measures}).`);
  }
  return transaction(ctx.db, (tx) => recordSanctionOutcome(tx, found.id, {
    outcome: args.applied ? 'APPLIED' : 'NOT_APPLIED', outcomeMeasure: measure, outcomeNote: args.note ?? null, reportedAt: ctx.now(),
  }));
}

export function sanctionCases(
  ctx: Context, args: { checkId?: string | null; matterCode?: string | null; reported?: boolean | null; first?: number | null },
): Promise<SanctionCase[]> {
  const p = ctx.caller.principal;
  if (!maySearchSanctions(p)) throw forbidden('Sanctions cases are for government institutions and operators.');
  const first = args.first ?? 50;
  if (first < 1 || first > MAX_CASES) throw badUserInput('FIRST_RANGE', `first must be 1 to ${MAX_CASES}; got ${first}.`);
  return findSanctionCases(ctx.db, {
    institutionId: p.kind === 'INSTITUTION' ? p.institutionId : undefined,
    checkId: args.checkId ?? undefined, matterCode: args.matterCode ?? undefined, reported: args.reported ?? undefined, take: first,
  });
}

/** A case's measure codes as the list's measures (unknown codes, from an older list, dropped). */
export function caseMeasures(ctx: Context, c: Pick<SanctionCase, 'measures'>): Measure[] {
  return c.measures.split(',').flatMap((code) => {
    const m = ctx.sanctions.matters.measure(code);
    return m ? [m] : [];
  });
}

