/**
 * The console's shell: sign-in (an API key or a bearer token, once per tab), the language switch,
 * and the page for who signed in (`me`): 我的信用 for a person, the enterprise's page, the
 * operator's, or the institution portal. Pages are chosen by the hash (#/operator), so no secret
 * and no query ever rides in a URL.
 */
import './console.css';
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { clearAuth, loadAuth, saveAuth, type Auth } from './client.ts';
import { MeDocument, type MeQuery } from './generated.ts';
import { initialLang, storeLang, translator, type Key, type Lang as Language } from './i18n.ts';
import { Errors, Lang, run, useT } from './ui.tsx';
import type { Result } from './client.ts';
import { PersonPage } from './pages/person.tsx';
import { OperatorPage } from './pages/operator.tsx';
import { EnterprisePage } from './pages/enterprise.tsx';
import { InstitutionPage } from './pages/institution.tsx';

export type Me = NonNullable<MeQuery['me']>;

const PAGES: Record<Me['kind'], { hash: string; label: Key } | null> = {
  PERSON: { hash: '#/person', label: 'navPerson' },
  ENTERPRISE: { hash: '#/enterprise', label: 'navEnterprise' },
  OPERATOR: { hash: '#/operator', label: 'navOperator' },
  INSTITUTION: { hash: '#/institution', label: 'navInstitution' },
  ANONYMOUS: null,
};

function SignIn({ onSignedIn }: { onSignedIn: (a: Auth) => void }) {
  const t = useT();
  const [kind, setKind] = useState<Auth['kind']>('token');
  const [secret, setSecret] = useState('');
  return (
    <form class="card signin" aria-labelledby="signin-h" onSubmit={(e) => { e.preventDefault(); if (secret.trim()) onSignedIn({ kind, secret: secret.trim() }); }}>
      <h1 id="signin-h">{t('signInTitle')}</h1>
      <p>{t('signInHelp')}</p>
      <fieldset>
        <legend>{t('credentialKind')}</legend>
        <label><input type="radio" name="kind" value="token" checked={kind === 'token'} onChange={() => setKind('token')} /> {t('bearerToken')}</label>
        <label><input type="radio" name="kind" value="key" checked={kind === 'key'} onChange={() => setKind('key')} /> {t('apiKey')}</label>
      </fieldset>
      <label for="secret">{t('secret')}</label>
      <input id="secret" name="secret" type="password" autocomplete="off" spellcheck={false} value={secret} onInput={(e) => setSecret(e.currentTarget.value)} required />
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}

function Page({ me }: { me: Me }) {
  switch (me.kind) {
    case 'PERSON': return <PersonPage me={me} />;
    case 'ENTERPRISE': return <EnterprisePage me={me} />;
    case 'OPERATOR': return <OperatorPage />;
    case 'INSTITUTION': return <InstitutionPage me={me} />;
    default: return null;
  }
}

/** The API did not take the credential: no caller, or the anonymous one. */
const isRefusal = (answer: Result<MeQuery>) => !answer.data?.me || answer.data.me.kind === 'ANONYMOUS';

function App() {
  const [lang, setLang] = useState<Language>(initialLang);
  const t = useMemo(() => translator(lang), [lang]);
  const [auth, setAuth] = useState<Auth | null>(loadAuth);
  const [me, setMe] = useState<Result<MeQuery> | null>(null);

  useEffect(() => { storeLang(lang); document.title = t('title'); }, [lang]);
  useEffect(() => {
    setMe(null);
    // A refused credential is forgotten as its answer arrives, before the refusal is shown.
    if (auth) void run(MeDocument).then((answer) => { if (isRefusal(answer)) clearAuth(); setMe(answer); });
  }, [auth]);

  const signOut = () => { clearAuth(); setAuth(null); };
  const who = me?.data?.me;
  const page = who ? PAGES[who.kind] : null;
  // A sign-in the API refuses (unknown, revoked, suspended) is said in words (and was forgotten above).
  const refused = me && isRefusal(me);
  useEffect(() => { if (page && location.hash !== page.hash) history.replaceState(null, '', page.hash); }, [page?.hash]);

  const name = who?.institution?.name ?? who?.enterprise?.name ?? who?.person?.name ?? (who?.kind === 'OPERATOR' ? t('navOperator') : '');
  return (
    <Lang.Provider value={t}>
      <a class="skip" href="#main">{t('skip')}</a>
      <header class="top">
        <span class="brand">{t('title')}</span>
        <nav aria-label={t('nav')}>
          {page && <a href={page.hash} aria-current="page">{t(page.label)}</a>}
          <a href="/console/explorer">{t('navExplorer')}</a>
        </nav>
        <div class="tools">
          {who && who.kind !== 'ANONYMOUS' && <span class="who">{t('signedInAs')}：{name}</span>}
          <button type="button" class="link" lang={lang === 'en' ? 'zh-CN' : 'en'} title={t('languageLabel')}
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>{t('language')}</button>
          {auth && <button type="button" class="link" onClick={signOut}>{t('signOut')}</button>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {(!auth || refused) && (
          <>
            {refused && <Errors errors={me!.errors.length ? me!.errors : [{ message: 'anonymous', extensions: { code: 'UNAUTHENTICATED' } }]} />}
            <SignIn onSignedIn={(a) => { saveAuth(a); setAuth(a); }} />
          </>
        )}
        {auth && !me && <p role="status">{t('loading')}</p>}
        {who && !refused && <Page me={who} />}
      </main>
    </Lang.Provider>
  );
}

render(<App />, document.getElementById('app')!);
