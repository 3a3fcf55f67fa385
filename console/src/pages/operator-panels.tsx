/**
 * The operator's collection jobs and webhook dead letters (issue 17): bulk loads newest first per
 * department (the rejected rows downloadable as CSV), and every institution's dead letters, each
 * replayable; both a page at a time (next and previous). The same API any operator has; what it may not see, each panel says in words.
 */
import { useEffect, useState } from 'preact/hooks';
import { download } from '../client.ts';
import { DeadLettersDocument, IngestJobsDocument, InstitutionsDocument, ReplayWebhookDeliveryDocument } from '../generated.ts';
import { cst, Errors, run, Section, Table, useAction, usePages, useQuery, useT } from '../ui.tsx';

function Jobs() {
  const t = useT();
  const [department, setDepartment] = useState('');
  const pages = usePages(t('ingestJobs'));
  const { result } = useQuery(IngestJobsDocument, { department: department || null, ...pages.vars });
  // Every department named by a job seen, so the filter offers what there is to filter.
  const [known, setKnown] = useState<string[]>([]);
  const { shown: jobs, pager } = pages.page(result?.data?.ingestJobs, (j) => j.id);
  useEffect(() => setKnown((k) => [...new Set([...k, ...jobs.map((j) => j.department)])].sort()), [result]);
  const [act, outcome] = useAction();
  return (
    <>
      <p class="hint">{t('jobsHelp')}</p>
      <div class="controls">
        <label>{t('department')} <select value={department} onChange={(e) => { setDepartment(e.currentTarget.value); pages.reset(); }} data-testid="jobs-department">
          <option value="">{t('allDepartments')}</option>
          {known.map((d) => <option key={d} value={d}>{d}</option>)}
        </select></label>
      </div>
      {result && <Errors errors={result.errors} />}
      {outcome}
      <Table caption={t('ingestJobs')}
        head={[t('id'), t('department'), t('item'), t('status'), t('receivedAt'), t('submitted'), t('accepted'), t('rejectedRecords'), t('actions')]}
        rows={jobs.map((j) => [<small>{j.id}</small>, j.department, j.item,
          <span data-job-status={j.id}>{j.status}{j.error ? ` · ${j.error}` : ''}</span>, cst(j.receivedAt), j.submitted, j.accepted + j.updated, j.rejected,
          j.rejected > 0
            ? <button type="button" class="small" onClick={() => act(download(`/ingest/jobs/${j.id}/rejected.csv`, `${j.id}-rejected.csv`))}>{t('rejectedCsv')}</button>
            : '—'])} />
      {pager}
    </>
  );
}

function DeadLetters() {
  const t = useT();
  const pages = usePages(t('deadLetters'));
  const { result, reload } = useQuery(DeadLettersDocument, pages.vars);
  const { shown, pager } = pages.page(result?.data?.webhookDeadLetters, (m) => m.id);
  const names = useQuery(InstitutionsDocument, {}).result?.data?.institutions ?? [];
  const [act, outcome] = useAction();
  const nameOf = (id: string) => names.find((i) => i.id === id)?.name ?? id;
  return (
    <>
      {result && <Errors errors={result.errors} />}
      {outcome}
      <Table caption={t('deadLetters')} head={[t('id'), t('institution'), t('eventId'), t('attempts'), t('lastStatus'), t('lastError'), t('createdAt'), t('actions')]}
        rows={shown.map((m) => [<small>{m.id}</small>, nameOf(m.institutionId), m.eventId, m.attempts,
          m.lastStatus ?? '—', m.lastError ?? '—', cst(m.createdAt),
          <button type="button" class="small" data-replay={m.id}
            onClick={async () => { if (await act(run(ReplayWebhookDeliveryDocument, { id: m.id }), t('replayed'))) reload(); }}>{t('replay')}</button>])} />
      {pager}
    </>
  );
}

export function OperatorPanels() {
  const t = useT();
  return (
    <>
      <Section id="ingest-jobs" title={t('ingestJobs')}><Jobs /></Section>
      <Section id="dead-letters" title={t('deadLetters')}><DeadLetters /></Section>
    </>
  );
}
