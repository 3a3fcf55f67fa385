/** 我的信用: the person's records, consents (grant, revoke), who looked at their data, and an integrity code as a QR code. */
import QRCode from 'qrcode';
import { useState } from 'preact/hooks';
import type { Me } from '../app.tsx';
import {
  GrantConsentDocument, IssueIntegrityCodeDocument, MyCreditDocument, RevokeConsentDocument,
  type ConsentPurpose, type PersonDataCategory,
} from '../generated.ts';
import { cst, Errors, run, Section, Table, useAction, useQuery, useT } from '../ui.tsx';

const PURPOSES: ConsentPurpose[] = ['CREDIT_EASY_LOAN', 'CREDIT_CHECK', 'EMPLOYMENT_SCREENING', 'RENTAL', 'SAME_CITY_TREATMENT'];
const CATEGORIES: PersonDataCategory[] = ['IDENTITY', 'PENALTIES', 'JUDGMENT_DEBTOR', 'HONORS', 'VOLUNTEER_SERVICE', 'INTEGRITY'];

function GrantForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [act, outcome] = useAction();
  const [institutionId, setInstitution] = useState('');
  const [purpose, setPurpose] = useState<ConsentPurpose>('CREDIT_EASY_LOAN');
  const [categories, setCategories] = useState<PersonDataCategory[]>(['PENALTIES']);
  const [expires, setExpires] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = { institutionId: institutionId.trim(), purpose, categories, expiresAt: `${expires}T23:59:59+08:00` };
    if (await act(run(GrantConsentDocument, { input }), t('filed'))) onDone();
  };
  return (
    <form class="inline-form" onSubmit={submit} aria-labelledby="grant-h">
      <h3 id="grant-h">{t('grantTitle')}</h3>
      <label>{t('institutionId')} <input value={institutionId} onInput={(e) => setInstitution(e.currentTarget.value)} required /></label>
      <label>{t('purpose')} <select value={purpose} onChange={(e) => setPurpose(e.currentTarget.value as ConsentPurpose)}>
        {PURPOSES.map((p) => <option key={p} value={p}>{p}</option>)}
      </select></label>
      <fieldset><legend>{t('categories')}</legend>
        {CATEGORIES.map((c) => (
          <label key={c}><input type="checkbox" checked={categories.includes(c)}
            onChange={(e) => setCategories(e.currentTarget.checked ? [...categories, c] : categories.filter((x) => x !== c))} /> {c}</label>
        ))}
      </fieldset>
      <label>{t('expiresAt')} <input type="date" value={expires} onInput={(e) => setExpires(e.currentTarget.value)} required /></label>
      <button type="submit">{t('grant')}</button>
      {outcome}
    </form>
  );
}

function IntegrityCode() {
  const t = useT();
  const [code, setCode] = useState<{ src: string; expiresAt: string; grade: string } | null>(null);
  const [act, outcome] = useAction();
  const issue = async () => {
    const r = await run(IssueIntegrityCodeDocument);
    await act(Promise.resolve(r));
    const c = r.data?.issueIntegrityCode;
    if (c) setCode({ src: await QRCode.toDataURL(c.code, { errorCorrectionLevel: 'M', margin: 1, width: 240 }), expiresAt: c.expiresAt, grade: c.grade });
  };
  return (
    <div>
      <button type="button" onClick={issue}>{t('issueCode')}</button>
      {outcome}
      {code && (
        <figure class="qr">
          <img src={code.src} width={240} height={240} alt={t('codeAlt')} />
          <figcaption>{t('grade')}：{code.grade} · {t('codeExpires')} <time dateTime={code.expiresAt} data-testid="code-expiry">{cst(code.expiresAt)}</time></figcaption>
        </figure>
      )}
    </div>
  );
}

export function PersonPage({ me }: { me: Me }) {
  const t = useT();
  const { result, reload } = useQuery(MyCreditDocument, me.person ? { idNumber: me.person.idNumber } : null);
  const [act, outcome] = useAction();
  const p = result?.data?.person;
  return (
    <>
      <h1>{t('navPerson')}{p ? ` · ${p.name}` : ''}</h1>
      {result && <Errors errors={result.errors} />}
      {!result && <p role="status">{t('loading')}</p>}
      {p && (
        <>
          <Section id="records" title={t('records')}>
            {p.integrity && <p class="score">{t('integrity')}：<strong>{p.integrity.score}</strong>（{t('grade')} {p.integrity.grade}）</p>}
            <Table caption={t('penalties')} head={[t('date'), t('violation'), t('penaltyType'), t('department'), t('status')]}
              rows={(p.penalties ?? []).map((x) => [x.decisionDate, x.violation, x.penaltyType, x.sourceDepartment,
                x.withdrawn ? t('withdrawn') : x.underObjection ? t('underObjection') : '—'])} />
          </Section>
          <Section id="consents" title={t('consents')}>
            {outcome}
            <Table caption={t('consents')} head={[t('institutionId'), t('purpose'), t('categories'), t('grantedAt'), t('expiresAt'), t('status'), t('actions')]}
              rows={(p.consents ?? []).map((c) => [c.institutionId, c.purpose, c.categories.join('、'), cst(c.grantedAt), cst(c.expiresAt),
                c.active ? t('active') : c.revokedAt ? t('revoked') : t('expired'),
                c.active ? <button type="button" data-consent={c.id} onClick={async () => { if (await act(run(RevokeConsentDocument, { id: c.id }), t('revokedDone'))) reload(); }}>{t('revoke')}</button> : null])} />
            <GrantForm onDone={reload} />
          </Section>
          <Section id="access-log" title={t('accessLog')}>
            <Table caption={t('accessLog')} head={[t('at'), t('accessor'), t('purpose'), t('categories'), t('basis')]}
              rows={(p.accessLog?.edges ?? []).map(({ node: a }) => [cst(a.at), a.institutionName ?? a.accessorKind, a.purpose ?? '—', a.categories.join('、'),
                a.consentId ? `${a.basis}（${a.consentId}）` : a.basis])} />
          </Section>
          <Section id="integrity-code" title={t('integrityCode')}>
            <IntegrityCode />
          </Section>
        </>
      )}
    </>
  );
}
