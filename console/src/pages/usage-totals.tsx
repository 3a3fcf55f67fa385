/** The totals of a usage report (operator and institution portal alike), with the current bucket's burn of a quota. */
import type { UsageQuery } from '../generated.ts';
import { useT } from '../ui.tsx';

type Usage = NonNullable<UsageQuery['usage']>;

export function UsageTotals({ u, quota }: { u: Usage; quota?: number | null }) {
  const t = useT();
  // The bucket now falls in (the window reaches past now so that it is there).
  const current = u.buckets.filter((b) => Date.parse(b.start) <= Date.now()).at(-1)?.archivePulls ?? 0;
  return (
    <dl class="totals" data-testid="usage-totals">
      <div><dt>{t('requests')}</dt><dd data-total="requests">{u.requests}</dd></div>
      <div><dt>{t('rejected')}</dt><dd data-total="rejected">{u.rejected}</dd></div>
      <div><dt>{t('archivePulls')}</dt><dd data-total="archivePulls">{u.archivePulls}</dd></div>
      <div><dt>{t('personPulls')}</dt><dd data-total="personRecordPulls">{u.personRecordPulls}</dd></div>
      <div><dt>{t('latency')}</dt><dd>{u.averageLatencyMs?.toFixed(1) ?? '—'}</dd></div>
      {quota ? <div><dt>{t('quotaBurn')}</dt><dd>{current} / {quota}（{Math.round((100 * current) / quota)}%）</dd></div> : null}
    </dl>
  );
}
