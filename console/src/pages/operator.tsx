/**
 * The operator's console: institutions (register, suspend, keys issued/rotated/revoked, a new key
 * shown once), usage per institution with the quota burn, the objection and repair queues with
 * their deadlines (overdue first), and the collection data-quality report per department.
 */
import { useMemo, useState } from 'preact/hooks';
import { Chart } from '../chart.tsx';
import { UsageTotals } from './usage-totals.tsx';
import { OperatorPanels } from './operator-panels.tsx';
import { Statistics } from './statistics.tsx';
import {
  DataQualityDocument, DecideObjectionDocument, DecidePersonObjectionDocument, DecideRepairDocument, InstitutionsDocument,
  IssueApiKeyDocument, QueuesDocument, RegisterInstitutionDocument, RevokeApiKeyDocument, RotateApiKeyDocument,
  RouteObjectionDocument, RoutePersonObjectionDocument, SetInstitutionStatusDocument, UsageDocument,
  type InstitutionKind, type InstitutionsQuery, type UsageGranularity,
} from '../generated.ts';
import { cst, Errors, run, Section, Table, useAction, useQuery, useT } from '../ui.tsx';

type Institution = NonNullable<InstitutionsQuery['institutions']>[number];
const KINDS: InstitutionKind[] = ['FINANCIAL', 'GOVERNMENT', 'CREDIT_SERVICE', 'INDUSTRY_ASSOCIATION', 'PARTNER_CITY', 'SOURCE_DEPARTMENT'];

function Institutions({ list, reload }: { list: Institution[]; reload: () => void }) {
  const t = useT();
  const [act, outcome] = useAction();
  const [shown, setShown] = useState<{ prefix: string; key: string } | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<InstitutionKind>('FINANCIAL');
  const [daily, setDaily] = useState('');
  const keyOp = async (p: ReturnType<typeof run<unknown, unknown>>, pick: (d: unknown) => { prefix: string; key: string } | null | undefined) => {
    const r = await p;
    if (await act(Promise.resolve(r))) { setShown(pick(r.data) ?? null); reload(); }
  };
  return (
    <>
      {outcome}
      {shown && <div class="once" role="alert"><p>{t('keyOnce')}</p><output data-testid="new-key">{shown.key}</output></div>}
      <Table caption={t('institutions')} head={[t('name'), t('kind'), t('status'), t('plan'), t('keys'), t('actions')]}
        rows={list.map((i) => [
          <span>{i.name}<br /><small>{i.id}</small></span>, i.kind, i.status,
          i.plan ? `${i.plan.ratePerSecond}/s · ${t('dailyQuota')} ${i.plan.dailyArchivePulls ?? t('unlimited')}` : '—',
          <ul class="keys">{(i.apiKeys ?? []).map((k) => (
            <li key={k.id}><code>{k.prefix}</code> {k.revokedAt ? `${t('revokedAt')} ${cst(k.revokedAt)}` : (
              <>
                <button type="button" class="small" onClick={() => keyOp(run(RotateApiKeyDocument, { id: k.id }), (d) => (d as { rotateApiKey: { prefix: string; key: string } | null }).rotateApiKey)}>{t('rotate')}</button>
                <button type="button" class="small" onClick={async () => { if (await act(run(RevokeApiKeyDocument, { id: k.id }), t('decided'))) reload(); }}>{t('revokeKey')}</button>
              </>)}
            </li>))}
          </ul>,
          <span class="buttons">
            <button type="button" class="small" onClick={() => keyOp(run(IssueApiKeyDocument, { institutionId: i.id }), (d) => (d as { issueApiKey: { prefix: string; key: string } | null }).issueApiKey)}>{t('issueKey')}</button>
            <button type="button" class="small" onClick={async () => { if (await act(run(SetInstitutionStatusDocument, { id: i.id, status: i.status === 'ACTIVE' ? 'SUSPENDED' : 'ACTIVE' }), t('decided'))) reload(); }}>
              {i.status === 'ACTIVE' ? t('suspend') : t('activate')}</button>
          </span>,
        ])} />
      <form class="inline-form" aria-labelledby="register-h" onSubmit={async (e) => {
        e.preventDefault();
        const input = { name, kind, dailyArchivePulls: daily ? Number(daily) : null };
        if (await act(run(RegisterInstitutionDocument, { input }), t('filed'))) { setName(''); reload(); }
      }}>
        <h3 id="register-h">{t('register')}</h3>
        <label>{t('name')} <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} /></label>
        <label>{t('kind')} <select value={kind} onChange={(e) => setKind(e.currentTarget.value as InstitutionKind)}>{KINDS.map((k) => <option key={k}>{k}</option>)}</select></label>
        <label>{t('dailyQuota')} <input type="number" min={0} value={daily} onInput={(e) => setDaily(e.currentTarget.value)} /></label>
        <button type="submit">{t('register')}</button>
      </form>
    </>
  );
}

const SPAN: Record<UsageGranularity, number> = { HOUR: 24 * 3600_000, DAY: 30 * 86_400_000, MONTH: 365 * 86_400_000 };

function Usage({ list }: { list: Institution[] }) {
  const t = useT();
  const [institutionId, setInstitution] = useState<string>('');
  const [granularity, setGranularity] = useState<UsageGranularity>('HOUR');
  // The window ends at the next hour so the current bucket is in it.
  const vars = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + 3600_000);
    return { from: new Date(to.getTime() - SPAN[granularity]).toISOString(), to: to.toISOString(), granularity, institutionId: institutionId || null };
  }, [institutionId, granularity]);
  const { result } = useQuery(UsageDocument, vars);
  const u = result?.data?.usage;
  const plan = list.find((i) => i.id === institutionId)?.plan;
  const quota = granularity === 'DAY' ? plan?.dailyArchivePulls : granularity === 'MONTH' ? plan?.monthlyArchivePulls : null;
  const option = useMemo(() => u && ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: u.buckets.map((b) => cst(b.start)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('requests'), type: 'bar', data: u.buckets.map((b) => b.requests) },
      { name: t('rejected'), type: 'bar', data: u.buckets.map((b) => b.rejected) },
      { name: t('archivePulls'), type: 'line', data: u.buckets.map((b) => b.archivePulls),
        ...(quota ? { markLine: { symbol: 'none', data: [{ yAxis: quota, name: t('quotaBurn') }], label: { formatter: `${t('dailyQuota')} ${quota}` } } } : {}) },
    ],
  }), [u, t, quota]);
  return (
    <>
      <div class="controls">
        <label>{t('institutions')} <select value={institutionId} onChange={(e) => setInstitution(e.currentTarget.value)} data-testid="usage-institution">
          <option value="">{t('allInstitutions')}</option>
          {list.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
        </select></label>
        <label>{t('granularity')} <select value={granularity} onChange={(e) => setGranularity(e.currentTarget.value as UsageGranularity)}>
          <option value="HOUR">{t('hour')}</option><option value="DAY">{t('day')}</option><option value="MONTH">{t('month')}</option>
        </select></label>
      </div>
      {result && <Errors errors={result.errors} />}
      {u && (
        <>
          <UsageTotals u={u} quota={quota} />
          <Chart id="usage-chart" option={option!} label={`${t('chartTitle')}: ${t('requests')} ${u.requests}, ${t('rejected')} ${u.rejected}, ${t('archivePulls')} ${u.archivePulls}`} />
          <Table caption={t('topOperations')} head={[t('name'), t('requests'), t('archivePulls')]}
            rows={u.operations.map((o) => [o.operationName ?? <code>{o.operationHash.slice(0, 12)}</code>, o.requests, o.archivePulls])} />
        </>
      )}
    </>
  );
}

function Queues() {
  const t = useT();
  const { result, reload } = useQuery(QueuesDocument, {});
  const [act, outcome] = useAction();
  const [note, setNote] = useState('');
  const d = result?.data;
  const done = async (p: ReturnType<typeof run<unknown, unknown>>) => { if (await act(p, t('decided'))) reload(); };
  const byDeadline = <X extends { overdue: boolean; checkDueOn?: string; decisionDueOn?: string | null; dueOn?: string }>(xs: readonly X[] | null | undefined) =>
    [...(xs ?? [])].sort((a, b) => Number(b.overdue) - Number(a.overdue) || String(a.decisionDueOn ?? a.checkDueOn ?? a.dueOn).localeCompare(String(b.decisionDueOn ?? b.checkDueOn ?? b.dueOn)));
  const due = (o: { overdue: boolean; status?: string; checkDueOn?: string; decisionDueOn?: string | null; dueOn?: string }) => (
    <span class={o.overdue ? 'overdue' : ''}>{o.dueOn ?? (o.status === 'FILED' ? o.checkDueOn : o.decisionDueOn)}{o.overdue ? ` · ${t('overdue')}` : ''}</span>);
  return (
    <>
      {result && <Errors errors={result.errors} />}
      {outcome}
      <label>{t('note')} <input value={note} onInput={(e) => setNote(e.currentTarget.value)} placeholder="数据提供单位核实" /></label>
      <Table caption={t('personObjections')} head={[t('id'), t('reason'), t('department'), t('status'), t('dueOn'), t('actions')]}
        rows={byDeadline(d?.openPersonObjections).map((o) => [o.id, o.reason, o.sourceDepartment, o.status, due(o),
          o.status === 'FILED'
            ? <button type="button" class="small" data-route={o.id} onClick={() => done(run(RoutePersonObjectionDocument, { id: o.id, note: note || null }))}>{t('route')}</button>
            : <span class="buttons">
                <button type="button" class="small" data-uphold={o.id} onClick={() => done(run(DecidePersonObjectionDocument, { id: o.id, decision: 'UPHELD', note: note || '—' }))}>{t('uphold')}</button>
                <button type="button" class="small" onClick={() => done(run(DecidePersonObjectionDocument, { id: o.id, decision: 'REJECTED', note: note || '—' }))}>{t('reject')}</button>
              </span>])} />
      <Table caption={t('enterpriseObjections')} head={[t('id'), 'USCC', t('reason'), t('status'), t('dueOn'), t('actions')]}
        rows={byDeadline(d?.overdueObjections).map((o) => [o.id, o.uscc, o.reason, o.status, due(o),
          o.status === 'FILED'
            ? <button type="button" class="small" onClick={() => done(run(RouteObjectionDocument, { id: o.id, note: note || null }))}>{t('route')}</button>
            : <span class="buttons">
                <button type="button" class="small" onClick={() => done(run(DecideObjectionDocument, { id: o.id, decision: 'UPHELD', note: note || '—' }))}>{t('uphold')}</button>
                <button type="button" class="small" onClick={() => done(run(DecideObjectionDocument, { id: o.id, decision: 'REJECTED', note: note || '—' }))}>{t('reject')}</button>
              </span>])} />
      <Table caption={t('pendingRepairs')} head={[t('id'), 'USCC', t('commitment'), t('dueOn'), t('actions')]}
        rows={byDeadline(d?.pendingRepairs).map((r) => [r.id, r.uscc, r.commitment, due(r),
          <span class="buttons">
            <button type="button" class="small" onClick={() => done(run(DecideRepairDocument, { id: r.id, approve: true, note: note || '—' }))}>{t('approve')}</button>
            <button type="button" class="small" onClick={() => done(run(DecideRepairDocument, { id: r.id, approve: false, note: note || '—' }))}>{t('deny')}</button>
          </span>])} />
    </>
  );
}

function Quality() {
  const t = useT();
  const vars = useMemo(() => {
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10); // CST calendar days
    return { from: day(Date.now() - 365 * 86_400_000), to: day(Date.now()) };
  }, []);
  const { result } = useQuery(DataQualityDocument, vars);
  const pct = (x: number | null | undefined) => (x == null ? '—' : `${(100 * x).toFixed(1)}%`);
  return (
    <>
      {result && <Errors errors={result.errors} />}
      <Table caption={`${t('collection')} (${vars.from} – ${vars.to})`}
        head={[t('department'), 'item', t('submitted'), t('accepted'), t('rejectedRecords'), t('usccErrors'), t('timeliness'), t('cycles')]}
        rows={(result?.data?.dataQuality ?? []).map((q) => [q.department, q.item, q.submitted, q.accepted + q.updated, q.rejected,
          pct(q.usccErrorRate), pct(q.timeliness), `${q.cyclesDelivered}/${q.cyclesExpected}`])} />
    </>
  );
}

export function OperatorPage() {
  const t = useT();
  const { result, reload } = useQuery(InstitutionsDocument, {});
  const list = result?.data?.institutions ?? [];
  return (
    <>
      <h1>{t('navOperator')}</h1>
      {result && <Errors errors={result.errors} />}
      <Section id="institutions" title={t('institutions')}><Institutions list={list} reload={reload} /></Section>
      <Section id="usage" title={t('usage')}><Usage list={list} /></Section>
      <Section id="queues" title={t('queues')}><Queues /></Section>
      <Section id="quality" title={t('collection')}><Quality /></Section>
      {/* issue 17: collection jobs and webhook dead letters (operator-panels.tsx) */}
      <OperatorPanels />
      <Section id="statistics" title={t('statistics')}><Statistics /></Section>
    </>
  );
}
