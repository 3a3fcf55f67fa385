/**
 * creditStatistics at scale (issue 16): the figures of each subgraph's part timed over a bench
 * data set (bench/datasets.ts; seeded once), city-wide and for one region, for a half-year and a
 * one-year window. The synthetic seed has list entries but no workflow history, so the first run
 * adds some (marked `bench-stat-`): objections, repair applications, sanction checks and cases,
 * persons' objections and a year of hourly usage buckets for ten institutions.
 *
 *   npx tsx bench/statistics.ts [--enterprises 100000] [--runs 5]
 *
 * The parts are called in-process (no HTTP) with an operator's context: what is measured is the
 * statements and their fold, which is what grows with the data.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../lib/db/client.ts';
import { loadMatters } from '../lib/catalogue/matters.ts';
import { foldWorkflow, statisticsWindow } from '../lib/statistics.ts';
import type { Context } from '../subgraphs/enterprise/context.ts';
import { clientModules as enterpriseModules } from '../subgraphs/enterprise/db/client.ts';
import { enterprises, lists, sanctions, seriousDishonesty, workflow } from '../subgraphs/enterprise/statistics.ts';
import { loadCatalogue } from '../lib/catalogue/index.ts';
import { ANONYMOUS } from '../lib/caller.ts';
import { createLoaders } from '../subgraphs/enterprise/loaders.ts';
import { ratingDistribution } from '../subgraphs/enterprise/rating-distribution.ts';
import { ratingFromLoaders } from '../subgraphs/enterprise/rating.ts';
import { openPersonDb } from '../subgraphs/person/db/client.ts';
import { personObjectionFigures } from '../subgraphs/person/db/statistics.ts';
import { clientModules as platformModules } from '../subgraphs/platform/db/client.ts';
import { usageByKind } from '../subgraphs/platform/db/statistics.ts';
import { ensureDataset, specFor } from './datasets.ts';

const { values } = parseArgs({ options: { enterprises: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const N = Number(values.enterprises);
const RUNS = Number(values.runs);

const log = (line: string) => process.stdout.write(`${line}\n`);
const dataset = await ensureDataset(specFor(N), { log });
const { provider, urls } = dataset.prepared;
const edb = await openDb(enterpriseModules, provider, urls.enterprise);
const pdb = await openPersonDb(provider, urls.person);
const udb = await openDb(platformModules, provider, urls.platform);

/** A deterministic spread of instants over 2025-01-01 .. 2026-12-31 (UTC). */
const instant = (i: number, n: number) => new Date(Date.UTC(2025, 0, 1) + Math.floor((i / n) * 730 * 86_400_000) + (i % 24) * 3_600_000);
const day = (d: Date) => d.toISOString().slice(0, 10);
async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 2000) await write(rows.slice(i, i + 2000));
}

if ((await edb.prisma.sanctionCheck.count({ where: { id: { startsWith: 'bench-stat-' } } })) === 0) {
  log('adding workflow history (once): 20k objections, 20k repairs, 50k checks, 20k cases, 10k person objections, 87.6k usage buckets');
  const usccs = (await edb.prisma.enterprise.findMany({ select: { uscc: true }, take: 20_000 })).map((e) => e.uscc);
  const depts = ['samr', 'tax', 'hrss', 'ecology', 'housing'];
  const matters = loadMatters().matters.map((m) => m.code);
  await inChunks(Array.from({ length: 20_000 }, (_, i) => {
    const filedAt = instant(i, 20_000);
    const decided = i % 4 !== 0;
    return {
      id: `bench-stat-o${i}`, uscc: usccs[i % usccs.length]!, recordType: 'AdministrativePenalty', recordId: `bench-stat-r${i}`, reason: 'bench',
      status: decided ? 'REJECTED' : 'ROUTED', sourceDepartment: depts[i % 5]!, filedAt, checkDueOn: day(filedAt),
      decidedAt: decided ? new Date(filedAt.getTime() + (1 + (i % 9)) * 86_400_000) : null, dueOn: decided ? null : day(new Date(filedAt.getTime() + 3 * 86_400_000)),
    };
  }), (data) => edb.prisma.objection.createMany({ data }));
  await inChunks(Array.from({ length: 20_000 }, (_, i) => {
    const appliedAt = instant(i, 20_000);
    const decided = i % 3 !== 0;
    return {
      id: `bench-stat-a${i}`, uscc: usccs[(i * 7) % usccs.length]!, recordType: 'AdministrativePenalty', recordId: `bench-stat-q${i}`, commitment: 'bench', evidence: '[]',
      status: decided ? 'APPROVED' : 'PENDING', appliedAt, dueOn: day(new Date(appliedAt.getTime() + 5 * 86_400_000)), departmentCode: i % 6 === 0 ? null : depts[i % 5]!,
      decidedAt: decided ? new Date(appliedAt.getTime() + (1 + (i % 5)) * 86_400_000) : null,
    };
  }), (data) => edb.prisma.repairApplication.createMany({ data }));
  await inChunks(Array.from({ length: 50_000 }, (_, i) => {
    const at = instant(i, 50_000);
    return { id: `bench-stat-c${i}`, at, day: day(at), institutionId: 'bench', matterCode: matters[i % matters.length]!, stage: 'ACCEPTANCE', subjects: 1 + (i % 20), restricted: i % 3, incentive: i % 2 };
  }), (data) => edb.prisma.sanctionCheck.createMany({ data }));
  await inChunks(Array.from({ length: 20_000 }, (_, i) => {
    const at = instant(i, 20_000);
    return {
      id: `bench-stat-k${i}`, checkId: `bench-stat-c${i}`, position: 0, subjectKind: 'ENTERPRISE', subjectKey: `k${i}`, subject: `k${i}`, decision: i % 2 ? 'RESTRICTED' : 'INCENTIVE',
      measures: 'R_SUBSIDY', matterCode: matters[i % matters.length]!, stage: 'ACCEPTANCE', institutionId: 'bench', day: day(at), at, outcome: ['APPLIED', 'NOT_APPLIED', null][i % 3] ?? null,
    };
  }), (data) => edb.prisma.sanctionCase.createMany({ data }));
  await inChunks(Array.from({ length: 10_000 }, (_, i) => {
    const filedAt = instant(i, 10_000);
    return {
      id: `bench-stat-p${i}`, personId: `bench-person-${i}`, recordType: 'PersonPenalty', recordId: `bench-stat-pr${i}`, reason: 'bench', status: 'REJECTED',
      sourceDepartment: depts[i % 5]!, filedAt, checkDueOn: day(filedAt), decidedAt: new Date(filedAt.getTime() + 2 * 86_400_000),
    };
  }), (data) => pdb.prisma.personObjection.createMany({ data }));
  const kinds = ['GOVERNMENT', 'FINANCIAL', 'CREDIT_SERVICE', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY'];
  for (let k = 0; k < 10; k++) {
    await udb.prisma.institution.upsert({ where: { id: `bench-stat-i${k}` }, update: {}, create: { id: `bench-stat-i${k}`, name: `bench ${k}`, kind: kinds[k % 5]!, createdAt: new Date() } });
  }
  await inChunks(Array.from({ length: 87_600 }, (_, i) => ({
    institutionId: `bench-stat-i${i % 10}`, hourStart: new Date(Date.UTC(2025, 6, 1) + Math.floor(i / 10) * 3_600_000), requests: 1 + (i % 50), archivePulls: i % 7, personRecordPulls: i % 3,
  })), (data) => udb.prisma.usageBucket.createMany({ data }));
}

const ctx = {
  db: edb, caller: { principal: { kind: 'OPERATOR', operatorId: 'bench' } }, now: () => new Date('2026-12-31T02:00:00Z'), today: '2026-12-31',
  sanctions: { matters: loadMatters() }, catalogue: loadCatalogue(),
} as unknown as Context;
const region = ((await edb.reader.all<{ regionCode: string }>(
  { name: 'bench.region', text: 'SELECT "regionCode" FROM "Enterprise" GROUP BY "regionCode" ORDER BY COUNT(*) DESC LIMIT 1' }, [])))[0]!.regionCode;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[RUNS >> 1]!;
}

log(`creditStatistics, ${N.toLocaleString('en-US')} enterprises (${dataset.counts.archiveRecords.toLocaleString('en-US')} archive records), ${provider}, median of ${RUNS} runs, ms:`);
log('window                         scope    enterprises  lists  serious  objections  repairs  sanctions  persons  usage  | all');
for (const [from, to] of [['2026-01-01', '2026-06-30'], ['2025-07-01', '2026-06-30']] as const) {
  for (const scope of [null, region]) {
    const w = statisticsWindow({ from, to, region: scope });
    const parts = {
      enterprises: () => enterprises(ctx, w),
      lists: () => lists(ctx, w),
      serious: () => seriousDishonesty(ctx, w),
      objections: () => workflow(ctx, w, 'objections'),
      repairs: () => workflow(ctx, w, 'repairs'),
      sanctions: () => sanctions(ctx, w),
      persons: async () => {
        const { groups, days } = await personObjectionFigures(pdb, w.fromInstant, w.toInstant, '2026-12-31');
        return foldWorkflow(groups, days, w);
      },
      usage: () => usageByKind(udb, w.fromInstant, w.toInstant),
    };
    const ms: number[] = [];
    for (const fn of Object.values(parts)) ms.push(await time(fn));
    const all = await time(() => Promise.all(Object.values(parts).map((fn) => fn())));
    log(`${from}..${to}  ${(scope ?? 'city').padEnd(8)} ${ms.map((m, i) => m.toFixed(1).padStart([11, 6, 8, 11, 8, 10, 8, 6][i]!)).join(' ')}  | ${all.toFixed(1)}`);
  }
}

// Subjects by grade (creditStatistics.grades, ratingDistribution): rating every enterprise in scope
// (no SubjectGrade rows: the grade tracker has rated none, as on main before issue 16's change),
// then from the tracker's table once every enterprise has a row (written here once, as the tracker
// would, with its cursor at the end of the log).
const gradesBy = async (label: string) => {
  for (const scope of [null, region]) {
    const ms = await time(() => ratingDistribution(ctx, { region: scope }));
    log(`grades, ${label.padEnd(28)} ${(scope ?? 'city').padEnd(8)} ${ms.toFixed(1)} ms`);
  }
};
if ((await edb.prisma.subjectGrade.count()) === 0) {
  await gradesBy('every enterprise rated');
  log('writing every enterprise\'s grade to SubjectGrade (once)');
  const loaders = () => createLoaders(edb, { principal: ANONYMOUS, purpose: null, requestId: 'bench' }, { today: ctx.today, catalogue: ctx.catalogue });
  for (let after = ''; ;) {
    const page = await edb.prisma.enterprise.findMany({ where: { uscc: { gt: after } }, select: { uscc: true }, orderBy: { uscc: 'asc' }, take: 2000 });
    if (page.length === 0) break;
    const l = loaders();
    const rows = await Promise.all(page.map(async (e) => ({ uscc: e.uscc, ...(await ratingFromLoaders(l, e.uscc, ctx.today, ctx.catalogue)), ratedAt: new Date() })));
    await edb.prisma.subjectGrade.createMany({ data: rows.map((r) => ({ uscc: r.uscc, grade: r.grade, score: r.score, ratedAt: r.ratedAt })) });
    after = page.at(-1)!.uscc;
  }
  const last = await edb.prisma.changeEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
  await edb.prisma.gradeTrackerCursor.upsert({ where: { id: 1 }, create: { id: 1, seq: last?.seq ?? 0 }, update: { seq: last?.seq ?? 0 } });
}
await gradesBy('from SubjectGrade (tracker)');
await Promise.all([edb.close(), pdb.close(), udb.close()]);
