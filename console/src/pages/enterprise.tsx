/** The enterprise's own page: archive and rating with its indicators, objections, repair, and its credit report. */
import { useState } from 'preact/hooks';
import type { Me } from '../app.tsx';
import { download } from '../client.ts';
import {
  ApplyForRepairDocument, FileObjectionDocument, IssueCreditReportDocument, MyEnterpriseDocument, type CreditReportPurpose,
} from '../generated.ts';
import { cst, Errors, run, Section, Table, useAction, useQuery, useT } from '../ui.tsx';

const PURPOSES: CreditReportPurpose[] = ['SELF_CHECK', 'GOVERNMENT_PROCUREMENT', 'TENDERING', 'ADMINISTRATIVE_APPROVAL', 'CREDIT_REPAIR', 'FINANCING', 'BUSINESS_COOPERATION', 'OTHER'];

function Report({ uscc }: { uscc: string }) {
  const t = useT();
  const [purpose, setPurpose] = useState<CreditReportPurpose>('SELF_CHECK');
  const [act, outcome] = useAction();
  const issue = async () => {
    const r = await run(IssueCreditReportDocument, { subject: uscc, purpose });
    const report = r.data?.issueCreditReport;
    if (!report) { await act(Promise.resolve(r)); return; }
    // Fetched with the caller's authorization and saved from memory: the key never rides in a link.
    await act(download(report.pdfPath, `${report.number}.pdf`), `${t('reportReady')}${report.number}`);
  };
  return (
    <div class="controls">
      <label>{t('reportPurpose')} <select value={purpose} onChange={(e) => setPurpose(e.currentTarget.value as CreditReportPurpose)}>
        {PURPOSES.map((p) => <option key={p}>{p}</option>)}</select></label>
      <button type="button" onClick={issue}>{t('downloadReport')}</button>
      {outcome}
    </div>
  );
}

function RecordActions({ recordId, onDone }: { recordId: string; onDone: () => void }) {
  const t = useT();
  const [act, outcome] = useAction();
  const [text, setText] = useState('');
  const object = async () => { if (await act(run(FileObjectionDocument, { recordId, reason: text || '记录有误' }), t('filed'))) onDone(); };
  const repair = async () => {
    if (await act(run(ApplyForRepairDocument, { recordId, commitment: text || '已整改完毕，承诺守法经营', evidence: ['整改报告'] }), t('filed'))) onDone();
  };
  return (
    <span class="buttons">
      <label class="sr">{t('reason')}<input class="short" value={text} onInput={(e) => setText(e.currentTarget.value)} /></label>
      <button type="button" class="small" onClick={object}>{t('fileObjection')}</button>
      <button type="button" class="small" onClick={repair}>{t('applyRepair')}</button>
      {outcome}
    </span>
  );
}

export function EnterprisePage({ me }: { me: Me }) {
  const t = useT();
  const { result, reload } = useQuery(MyEnterpriseDocument, me.enterprise ? { uscc: me.enterprise.uscc } : null);
  const e = result?.data?.enterprise;
  return (
    <>
      <h1>{t('navEnterprise')}{e ? ` · ${e.name}` : ''}</h1>
      {result && <Errors errors={result.errors} />}
      {!result && <p role="status">{t('loading')}</p>}
      {e && (
        <>
          <Section id="overview" title={t('overview')}>
            <dl class="facts">
              <div><dt>USCC</dt><dd>{e.uscc}</dd></div>
              <div><dt>{t('kind')}</dt><dd>{e.overview.entityType}</dd></div>
              <div><dt>{t('date')}</dt><dd>{e.overview.establishedOn}</dd></div>
              <div><dt>{t('status')}</dt><dd>{e.overview.registrationStatus}</dd></div>
              <div><dt>{t('department')}</dt><dd>{e.overview.industryName} · {e.overview.regionName}</dd></div>
            </dl>
            <Report uscc={e.uscc} />
          </Section>
          <Section id="rating" title={t('rating')}>
            {e.rating ? (
              <>
                <p class="score">{t('grade')}：<strong>{e.rating.grade}</strong> · {t('score')} {e.rating.score}</p>
                <Table caption={t('indicators')} head={[t('name'), t('points')]} rows={e.rating.indicators.map((i) => [i.name, i.points])} />
              </>
            ) : <p>{t('none')}</p>}
          </Section>
          <Section id="archive" title={t('archive')}>
            <p class="hint">{t('repairEligibility')}</p>
            <Table caption={t('penalties')} head={[t('date'), t('violation'), t('penaltyType'), t('status'), t('actions')]}
              rows={e.penalties.map((p) => [p.decisionDate ?? '—', p.violation, `${p.penaltyType} (${p.severity})`,
                p.underObjection ? t('underObjection') : p.disclosure, <RecordActions recordId={p.id} onDone={reload} />])} />
            <Table caption={t('blackList')} head={[t('name'), t('reason'), t('date'), t('status'), t('actions')]}
              rows={e.blackList.map((l) => [l.listName, l.reason, l.listedOn, l.underObjection ? t('underObjection') : l.disclosure, <RecordActions recordId={l.id} onDone={reload} />])} />
          </Section>
          <Section id="cases" title={`${t('objections')} · ${t('repairs')}`}>
            <Table caption={t('objections')} head={[t('id'), t('status'), t('grantedAt'), t('dueOn')]}
              rows={(e.objections ?? []).map((o) => [o.id, o.status, cst(o.filedAt), o.decisionDueOn ?? o.checkDueOn])} />
            <Table caption={t('repairs')} head={[t('id'), t('status'), t('grantedAt'), t('dueOn')]}
              rows={(e.repairApplications ?? []).map((r) => [r.id, r.status, cst(r.appliedAt), r.dueOn])} />
          </Section>
        </>
      )}
    </>
  );
}
