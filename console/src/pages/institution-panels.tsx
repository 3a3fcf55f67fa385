/**
 * The institution portal's monitoring and reports (issue 17): its watchlist (a loan book uploaded
 * as CSV, subjects added and removed), its webhooks (a new secret shown once) with their delivery
 * log (a dead or delivered message replayed), and the credit reports it issued, each downloadable.
 * Everything through the caller's own API: what it may not see, each panel says in words.
 */
import { useState } from 'preact/hooks';
import { download } from '../client.ts';
import {
  DeleteWebhookDocument, MyWebhooksDocument, RegisterWebhookDocument, ReplayWebhookDeliveryDocument, ReportsIssuedDocument,
  UnwatchDocument, WatchCsvDocument, WatchDocument, WatchlistDocument, WebhookDeliveriesDocument,
} from '../generated.ts';
import { cst, Errors, run, Section, Table, useAction, usePages, useQuery, useT } from '../ui.tsx';

function Watchlist() {
  const t = useT();
  const { result, reload } = useQuery(WatchlistDocument, { first: 100 });
  const [act, outcome] = useAction();
  const [subject, setSubject] = useState('');
  const page = result?.data?.watchlist;
  const watched = (r: { watched: number; total: number } | null | undefined) => t('watchedDone', { watched: String(r?.watched ?? 0), total: String(r?.total ?? 0) });
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const r = await run(WatchCsvDocument, { csv: await file.text() });
    if (await act(Promise.resolve(r), watched(r.data?.watchCsv))) reload();
  };
  return (
    <>
      {result && <Errors errors={result.errors} />}
      {outcome}
      {page && <p>{t('watchTotal')}：<strong data-testid="watch-total">{page.total}</strong></p>}
      <div class="controls">
        <label>{t('uploadCsv')} <input type="file" accept=".csv,text/csv" data-testid="watch-csv"
          onChange={(e) => { void upload(e.currentTarget.files?.[0]); e.currentTarget.value = ''; }} /></label>
        <span class="hint">{t('csvHelp')}</span>
      </div>
      <form class="inline-form" aria-labelledby="watch-add-h" onSubmit={async (e) => {
        e.preventDefault();
        const r = await run(WatchDocument, { subjects: [subject.trim()] });
        if (await act(Promise.resolve(r), watched(r.data?.watch))) { setSubject(''); reload(); }
      }}>
        <h3 id="watch-add-h">{t('addSubject')}</h3>
        <label>{t('subject')} <input value={subject} onInput={(e) => setSubject(e.currentTarget.value)} required maxLength={18} /></label>
        <button type="submit">{t('addSubject')}</button>
      </form>
      <Table caption={t('watchlists')} head={[t('subject'), t('events'), t('since'), t('actions')]}
        rows={(page?.subjects ?? []).map((w) => [<code>{w.subject}</code>, w.events?.join(', ') ?? t('allEvents'), cst(w.since),
          <button type="button" class="small" data-unwatch={w.subject}
            onClick={async () => { if (await act(run(UnwatchDocument, { subjects: [w.subject] }), t('unwatchedDone'))) reload(); }}>{t('unwatch')}</button>])} />
    </>
  );
}

function Webhooks() {
  const t = useT();
  const { result, reload } = useQuery(MyWebhooksDocument, {});
  const [act, outcome] = useAction();
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const d = result?.data;
  const pages = usePages(t('deliveries'));
  const log = useQuery(WebhookDeliveriesDocument, pages.vars);
  const { shown: deliveries, pager } = pages.page(log.result?.data?.webhookDeliveries, (m) => m.id);
  return (
    <>
      {result && <Errors errors={result.errors} />}
      {outcome}
      {secret && <div class="once" role="alert"><p>{t('secretOnce')}</p><output data-testid="webhook-secret">{secret}</output></div>}
      <Table caption={t('webhooks')} head={[t('id'), t('url'), t('events'), t('createdAt'), t('actions')]}
        rows={(d?.webhooks ?? []).map((w) => [<small>{w.id}</small>, <code>{w.url}</code>, w.events?.join(', ') ?? t('allEvents'), cst(w.createdAt),
          <button type="button" class="small" onClick={async () => { if (await act(run(DeleteWebhookDocument, { id: w.id }), t('decided'))) reload(); }}>{t('deleteWebhook')}</button>])} />
      <form class="inline-form" aria-labelledby="webhook-add-h" onSubmit={async (e) => {
        e.preventDefault();
        const r = await run(RegisterWebhookDocument, { url: url.trim() });
        if (await act(Promise.resolve(r), t('filed'))) { setSecret(r.data?.registerWebhook?.secret ?? null); setUrl(''); reload(); }
      }}>
        <h3 id="webhook-add-h">{t('registerWebhook')}</h3>
        <label>{t('url')} <input type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} required maxLength={2000} /></label>
        <button type="submit">{t('registerWebhook')}</button>
      </form>
      {log.result && <Errors errors={log.result.errors} />}
      <Table caption={t('deliveries')} head={[t('id'), t('eventId'), t('status'), t('attempts'), t('lastStatus'), t('lastError'), t('createdAt'), t('actions')]}
        rows={deliveries.map((m) => [<small>{m.id}</small>, m.eventId, <span data-delivery-status={m.id}>{m.status}</span>, m.attempts,
          m.lastStatus ?? '—', m.lastError ?? '—', cst(m.createdAt),
          m.status === 'DEAD' || m.status === 'DELIVERED'
            ? <button type="button" class="small" data-replay={m.id}
                onClick={async () => { if (await act(run(ReplayWebhookDeliveryDocument, { id: m.id }), t('replayed'))) log.reload(); }}>{t('replay')}</button>
            : '—'])} />
      {pager}
    </>
  );
}

function ReportsIssued() {
  const t = useT();
  const pages = usePages(t('reportsIssued'));
  const { result } = useQuery(ReportsIssuedDocument, pages.vars);
  const { shown, pager } = pages.page(result?.data?.creditReportsIssued, (r) => r.number);
  const [act, outcome] = useAction();
  return (
    <>
      {result && <Errors errors={result.errors} />}
      {outcome}
      <Table caption={t('reportsIssued')} head={[t('reportNumber'), t('subject'), t('subjectName'), t('purpose'), t('issuedAt'), t('actions')]}
        rows={shown.map((r) => [<code>{r.number}</code>, <code>{r.subject}</code>, r.subjectName, r.purpose, cst(r.issuedAt),
          // Fetched with the caller's authorization and saved from memory: the key never rides in a link.
          <button type="button" class="small" data-download={r.number}
            onClick={() => act(download(r.pdfPath, `${r.number}.pdf`), `${t('reportSaved')}${r.number}`)}>{t('downloadPdf')}</button>])} />
      {pager}
    </>
  );
}

/** The portal's sections for monitoring and reports, in page order. */
export function InstitutionPanels() {
  const t = useT();
  return (
    <>
      <Section id="watchlist" title={t('watchlists')}><Watchlist /></Section>
      <Section id="webhooks" title={t('webhooks')}><Webhooks /></Section>
      <Section id="reports-issued" title={t('reportsIssued')}><ReportsIssued /></Section>
    </>
  );
}
