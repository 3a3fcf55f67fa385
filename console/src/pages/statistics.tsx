/**
 * The operator's statistics (creditStatistics, issue 16) as charts: a window (the last 12 CST months
 * by default), optionally one region and one industry; subjects by grade, the red and black lists'
 * flows by month, objections and repairs received and decided by month (with overdue and median
 * days), joint sanctions checks and interceptions by matter, queries by institution kind. Each chart
 * has its figures in a table beside it (for screen readers, and to read a figure exactly); a part
 * the caller may not see, or a refusal (429), is said in words where the chart would be.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { Chart, type ChartOption } from '../chart.tsx';
import type { GqlError } from '../client.ts';
import { CreditStatisticsDocument, type CreditStatisticsQuery } from '../generated.ts';
import { Errors, Section, Table, useQuery, useT } from '../ui.tsx';

type Stats = NonNullable<CreditStatisticsQuery['creditStatistics']>;
type Workflow = NonNullable<Stats['personObjections']>;

/** A CST calendar day, `months` months before today's month (its first day), or today. */
function cstDay(monthsBack?: number): string {
  const now = new Date(Date.now() + 8 * 3600_000); // CST as UTC fields
  if (monthsBack === undefined) return now.toISOString().slice(0, 10);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
}

const GRID = { left: 48, right: 24, top: 36, bottom: 40, containLabel: true };
const bars = (categories: string[], series: { name: string; data: number[] }[], type: 'bar' | 'line' = 'bar'): ChartOption => ({
  tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: GRID,
  xAxis: { type: 'category', data: categories }, yAxis: { type: 'value', minInterval: 1 },
  series: series.map((s) => ({ ...s, type })),
});

/** The errors of one field of creditStatistics (path creditStatistics.<field>…), or of the whole answer. */
const errorsAt = (errors: readonly GqlError[], field?: string) =>
  errors.filter((e) => (field ? e.path?.[1] === field : !e.path || e.path.length < 2));

function Part({ id, title, errors, children }: { id: string; title: string; errors: readonly GqlError[]; children: ComponentChildren }) {
  const t = useT();
  return (
    <div class="stat-part" id={id}>
      <h3>{title}</h3>
      {errors.length ? <div><p>{t('statCannot')}</p><Errors errors={errors} /></div> : children}
    </div>
  );
}

function Charts({ s, errors }: { s: Stats; errors: readonly GqlError[] }) {
  const t = useT();
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const list = (type: 'RED' | 'BLACK') => s.lists.find((l) => l.listType === type);
  const flows = useMemo(() => s.months.map((m) => {
    const at = (type: 'RED' | 'BLACK') => list(type)?.monthly.find((x) => x.month === m);
    return { month: m, redIn: at('RED')?.entered ?? 0, redOut: at('RED')?.left ?? 0, blackIn: at('BLACK')?.entered ?? 0, blackOut: at('BLACK')?.left ?? 0 };
  }), [s]);
  const workflows: [string, string, Workflow | null | undefined][] = [
    ['objections', t('enterpriseObjectionsAll'), s.objections],
    ['personObjections', t('personObjectionsAll'), s.personObjections],
    ['repairs', t('repairsAll'), s.repairs],
  ];
  const shown = workflows.filter((w): w is [string, string, Workflow] => !!w[2]);
  const monthOf = (w: Workflow, m: string) => w.monthly.find((x) => x.month === m) ?? { received: 0, decided: 0 };
  const grades = s.grades?.grades ?? [];
  const matters = s.sanctions.byMatter;
  const kinds = s.queriesByInstitutionKind ?? [];
  return (
    <>
      <p>{t('statWindow', { from: s.from, to: s.to })} · {t('statEnterprises')}：<strong data-stat="enterprises">{s.enterprises}</strong></p>

      <Part id="stat-grades" title={t('statGrades')} errors={errorsAt(errors, 'grades')}>
        <Chart id="stat-grades-chart" option={bars(grades.map((g) => g.grade), [{ name: t('count'), data: grades.map((g) => g.count) }])}
          label={`${t('statGrades')}: ${grades.map((g) => `${g.grade} ${g.count}`).join(', ')}`} />
        <Table caption={t('statGrades')} head={[t('grade'), t('count'), t('share')]} rows={grades.map((g) => [g.grade, g.count, pct(g.share)])} />
      </Part>

      <Part id="stat-lists" title={t('statLists')} errors={errorsAt(errors, 'lists')}>
        <Chart id="stat-lists-chart" label={`${t('statLists')}: ${s.lists.map((l) => `${l.listType} +${l.entered} −${l.left}`).join(', ')}`}
          option={bars(s.months, [
            { name: t('redEntered'), data: flows.map((f) => f.redIn) }, { name: t('redLeft'), data: flows.map((f) => f.redOut) },
            { name: t('blackEntered'), data: flows.map((f) => f.blackIn) }, { name: t('blackLeft'), data: flows.map((f) => f.blackOut) },
          ])} />
        <Table caption={t('statLists')} head={[t('month'), t('redEntered'), t('redLeft'), t('blackEntered'), t('blackLeft')]}
          rows={flows.map((f) => [f.month, f.redIn, f.redOut, f.blackIn, f.blackOut])} />
        <Table caption={t('activeEntries')} head={[t('listType'), t('activeEntries'), t('activeSubjects')]}
          rows={s.lists.map((l) => [l.listType, l.activeEntries, l.activeSubjects])} />
      </Part>

      <Part id="stat-workflows" title={t('statWorkflows')} errors={[...errorsAt(errors, 'objections'), ...errorsAt(errors, 'personObjections'), ...errorsAt(errors, 'repairs')]}>
        <Chart id="stat-workflows-chart" label={`${t('statWorkflows')}: ${shown.map(([, name, w]) => `${name} ${w.received}/${w.decided}`).join(', ')}`}
          option={bars(s.months, shown.flatMap(([, name, w]) => [
            { name: `${name} · ${t('received')}`, data: s.months.map((m) => monthOf(w, m).received) },
            { name: `${name} · ${t('decidedCount')}`, data: s.months.map((m) => monthOf(w, m).decided) },
          ]))} />
        <Table caption={t('statWorkflows')} head={[t('workflow'), t('received'), t('decidedCount'), t('overdueCount'), t('medianDays')]}
          rows={shown.map(([key, name, w]) => [<span data-workflow={key}>{name}</span>, w.received, w.decided, w.overdue, w.medianDaysToDecide ?? '—'])} />
        <Table caption={`${t('statWorkflows')} (${t('month')})`}
          head={[t('month'), ...shown.flatMap(([, name]) => [`${name} · ${t('received')}`, `${name} · ${t('decidedCount')}`])]}
          rows={s.months.map((m) => [m, ...shown.flatMap(([, , w]) => [monthOf(w, m).received, monthOf(w, m).decided])])} />
      </Part>

      <Part id="stat-sanctions" title={t('statSanctions')} errors={errorsAt(errors, 'sanctions')}>
        <Chart id="stat-sanctions-chart" label={`${t('statSanctions')}: ${t('checks')} ${s.sanctions.checks}, ${t('interceptions')} ${s.sanctions.interceptions}`}
          option={bars(matters.map((m) => m.matterName ?? m.matterCode), [
            { name: t('checks'), data: matters.map((m) => m.checks) }, { name: t('interceptions'), data: matters.map((m) => m.interceptions) },
          ])} />
        <Table caption={t('statSanctions')} head={[t('matter'), t('checks'), t('subjectsChecked'), t('interceptions'), t('incentives')]}
          rows={matters.map((m) => [<span title={m.matterCode}>{m.matterName ?? m.matterCode}</span>, m.checks, m.subjectsChecked, m.interceptions, m.incentives])} />
      </Part>

      <Part id="stat-queries" title={t('statQueries')} errors={errorsAt(errors, 'queriesByInstitutionKind')}>
        <Chart id="stat-queries-chart" label={`${t('statQueries')}: ${kinds.map((k) => `${k.kind} ${k.requests}`).join(', ')}`}
          option={bars(kinds.map((k) => k.kind), [
            { name: t('requests'), data: kinds.map((k) => k.requests) }, { name: t('archivePullsShort'), data: kinds.map((k) => k.archivePulls) },
            { name: t('personPullsShort'), data: kinds.map((k) => k.personRecordPulls) },
          ])} />
        <Table caption={t('statQueries')} head={[t('kind'), t('requests'), t('archivePullsShort'), t('personPullsShort')]}
          rows={kinds.map((k) => [k.kind, k.requests, k.archivePulls, k.personRecordPulls])} />
      </Part>
    </>
  );
}

export function Statistics() {
  const t = useT();
  const [form, setForm] = useState({ from: cstDay(11), to: cstDay(), region: '', industry: '' });
  const [asked, setAsked] = useState(form);
  const vars = useMemo(() => ({ from: asked.from, to: asked.to, region: asked.region || null, industry: asked.industry || null }), [asked]);
  const { result } = useQuery(CreditStatisticsDocument, vars);
  const field = (k: keyof typeof form) => ({ value: form[k], onInput: (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value }) });
  const s = result?.data?.creditStatistics;
  return (
    <>
      <form class="controls" aria-label={t('statistics')} onSubmit={(e) => { e.preventDefault(); setAsked(form); }}>
        <label>{t('statFrom')} <input type="date" required {...field('from')} data-testid="stat-from" /></label>
        <label>{t('statTo')} <input type="date" required {...field('to')} data-testid="stat-to" /></label>
        <label>{t('region')} <input {...field('region')} maxLength={12} placeholder={t('optional')} /></label>
        <label>{t('industry')} <input {...field('industry')} maxLength={12} placeholder={t('optional')} /></label>
        <button type="submit">{t('statApply')}</button>
      </form>
      {result && <Errors errors={errorsAt(result.errors)} />}
      {s && <Charts s={s} errors={result!.errors} />}
    </>
  );
}
