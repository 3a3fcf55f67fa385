/** Small shared pieces of the pages: the translator in context, a query hook, error words, tables. */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { request, type GqlError, type Result } from './client.ts';
import type { TypedDocumentString } from './generated.ts';
import { describeErrors, translator, type T } from './i18n.ts';

export const Lang = createContext<T>(translator('zh-CN'));
export const useT = () => useContext(Lang);

const NETWORK: GqlError = { message: 'network', extensions: { code: 'NETWORK' } };

export async function run<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<Result<R>> {
  try { return await request(doc, variables); } catch { return { status: 0, data: null, errors: [NETWORK] }; }
}

/** A query run when its variables change; `reload` runs it again (after a mutation). */
export function useQuery<R, V>(doc: TypedDocumentString<R, V>, variables: V | null): { result: Result<R> | null; reload: () => void } {
  const [result, setResult] = useState<Result<R> | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) return;
    let live = true;
    void run(doc, variables).then((r) => { if (live) setResult(r); });
    return () => { live = false; };
  }, [key, tick]);
  return { result, reload: useCallback(() => setTick((n) => n + 1), []) };
}

export function Errors({ errors }: { errors: readonly GqlError[] }) {
  const t = useT();
  if (!errors.length) return null;
  const words = errors.some((e) => e.extensions?.code === 'NETWORK') ? [t('errNETWORK')] : describeErrors(t, errors);
  return <div class="errors" role="alert">{words.map((w) => <p key={w}>{w}</p>)}</div>;
}

/** A mutation's outcome: the words of its errors, or a confirmation. */
export function useAction(): [(p: Promise<Result<unknown>>, done?: string) => Promise<boolean>, ComponentChildren] {
  const [state, setState] = useState<{ errors: GqlError[]; done?: string } | null>(null);
  const act = useCallback(async (p: Promise<Result<unknown>>, done?: string) => {
    const r = await p;
    setState({ errors: r.errors, done: r.errors.length ? undefined : done });
    return r.errors.length === 0;
  }, []);
  const view = state && (state.errors.length ? <Errors errors={state.errors} /> : state.done ? <p class="done" role="status">{state.done}</p> : null);
  return [act, view];
}

export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return <section aria-labelledby={`${id}-h`} id={id}><h2 id={`${id}-h`}>{title}</h2>{children}</section>;
}

export function Table({ caption, head, rows, empty }: { caption: string; head: string[]; rows: ComponentChildren[][]; empty?: string }) {
  const t = useT();
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead><tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {rows.length ? rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)
            : <tr><td colSpan={head.length}>{empty ?? t('none')}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

/** A DateTime shown in China Standard Time, as the platform keeps its days. */
export function cst(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(d);
}

const PAGE_SIZES = [5, 20, 50];

/**
 * Keyset paging for the lists the API pages with `first` and `after` (the last key of the page
 * before): the query asks one more than the page shows, so a next page is offered only when there
 * is one; the keys of the pages before are kept, so "previous" goes back without another cursor.
 */
export function usePages(label: string, initial = 20) {
  const t = useT();
  const [size, setSize] = useState(initial);
  const [trail, setTrail] = useState<string[]>([]);
  const vars = { first: size + 1, after: trail.at(-1) ?? null };
  const reset = useCallback(() => setTrail([]), []);
  function page<X>(items: readonly X[] | null | undefined, keyOf: (x: X) => string): { shown: X[]; pager: ComponentChildren } {
    const list = items ?? [];
    const shown = list.slice(0, size);
    const next = list.length > size ? keyOf(shown[shown.length - 1]!) : null;
    const pager = (
      <nav class="pager" aria-label={`${label} · ${t('pages')}`}>
        <button type="button" class="small" disabled={!trail.length} onClick={() => setTrail((p) => p.slice(0, -1))}>{t('prevPage')}</button>
        <span data-page={trail.length + 1}>{t('pageN', { n: String(trail.length + 1) })}</span>
        <button type="button" class="small" disabled={!next} onClick={() => next && setTrail((p) => [...p, next])}>{t('nextPage')}</button>
        <label>{t('pageSize')} <select value={size} onChange={(e) => { setSize(Number(e.currentTarget.value)); setTrail([]); }}>
          {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
      </nav>
    );
    return { shown, pager };
  }
  return { vars, page, reset };
}
