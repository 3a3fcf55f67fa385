/** The institution portal: its own usage and quota, its keys, its watchlist, webhooks and reports issued (institution-panels.tsx). */
import { useMemo } from 'preact/hooks';
import type { Me } from '../app.tsx';
import { MyInstitutionDocument, UsageDocument } from '../generated.ts';
import { cst, Errors, Section, Table, useQuery, useT } from '../ui.tsx';
import { UsageTotals } from './usage-totals.tsx';
import { InstitutionPanels } from './institution-panels.tsx';

export function InstitutionPage({ me }: { me: Me }) {
  const t = useT();
  const id = me.institution?.id;
  const { result } = useQuery(MyInstitutionDocument, id ? { id } : null);
  const vars = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    return { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString(), granularity: 'DAY' as const, institutionId: id ?? null };
  }, [id]);
  const usage = useQuery(UsageDocument, id ? vars : null).result;
  const i = result?.data?.institution;
  const u = usage?.data?.usage;
  return (
    <>
      <h1>{t('navInstitution')}{i ? ` · ${i.name}` : ''}</h1>
      {result && <Errors errors={result.errors} />}
      {i && (
        <Section id="plan" title={t('myInstitution')}>
          <dl class="facts">
            <div><dt>{t('kind')}</dt><dd>{i.kind}</dd></div>
            <div><dt>{t('status')}</dt><dd>{i.status}</dd></div>
            <div><dt>{t('rate')}</dt><dd>{i.plan?.ratePerSecond ?? '—'}</dd></div>
            <div><dt>{t('dailyQuota')}</dt><dd>{i.plan?.dailyArchivePulls ?? t('unlimited')}</dd></div>
            <div><dt>{t('monthlyQuota')}</dt><dd>{i.plan?.monthlyArchivePulls ?? t('unlimited')}</dd></div>
          </dl>
        </Section>
      )}
      <Section id="usage" title={t('usage')}>
        {usage && <Errors errors={usage.errors} />}
        {u && (
          <UsageTotals u={u} quota={i?.plan?.dailyArchivePulls} />
        )}
      </Section>
      {i && (
        <Section id="keys" title={t('keys')}>
          <Table caption={t('keys')} head={['prefix', t('createdAt'), t('revokedAt')]}
            rows={(i.apiKeys ?? []).map((k) => [<code>{k.prefix}</code>, cst(k.createdAt), cst(k.revokedAt)])} />
        </Section>
      )}
      <InstitutionPanels />
    </>
  );
}
