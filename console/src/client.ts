/**
 * The pages' one way to the API: POST /graphql (and GET /reports/<n>) on this origin with the
 * signed-in caller's own key or token — the same authorization as any client, no console back door.
 * The secret is entered once and kept in sessionStorage (gone when the tab closes), never in a URL,
 * never logged.
 */
import type { TypedDocumentString } from './generated.ts';

export type Auth = { kind: 'key' | 'token'; secret: string };

const STORAGE = 'creditgraph.console.auth';

export function loadAuth(): Auth | null {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    const a = raw ? (JSON.parse(raw) as Auth) : null;
    return a && (a.kind === 'key' || a.kind === 'token') && typeof a.secret === 'string' ? a : null;
  } catch { return null; }
}

export const saveAuth = (a: Auth) => sessionStorage.setItem(STORAGE, JSON.stringify(a));
export const clearAuth = () => sessionStorage.removeItem(STORAGE);

export function authHeaders(a: Auth | null): Record<string, string> {
  if (!a) return {};
  return a.kind === 'key' ? { 'x-api-key': a.secret } : { authorization: `Bearer ${a.secret}` };
}

export interface GqlError { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }

export interface Result<R> { status: number; data: R | null; errors: GqlError[] }

/** One operation; never throws for an answer the API gave (the page says what went wrong), only for a dead network. */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<Result<R>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authHeaders(loadAuth()) },
    body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    credentials: 'omit',
  });
  let body: { data?: R | null; errors?: GqlError[] } = {};
  try { body = await res.json(); } catch { body = { errors: [{ message: res.statusText, extensions: { code: res.status === 429 ? 'RATE_LIMITED' : 'INTERNAL_SERVER_ERROR' } }] }; }
  return { status: res.status, data: body.data ?? null, errors: body.errors ?? [] };
}

/** A file the API serves to this caller (a credit report), saved by the browser under `name`. */
export async function download(path: string, name: string): Promise<Result<null>> {
  const res = await fetch(path, { headers: authHeaders(loadAuth()), credentials: 'omit' });
  if (!res.ok) {
    let errors: GqlError[] = [];
    try { errors = ((await res.json()) as { errors?: GqlError[] }).errors ?? []; } catch { /* not JSON: the status says it */ }
    return { status: res.status, data: null, errors: errors.length ? errors : [{ message: res.statusText, extensions: { code: String(res.status) } }] };
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { status: res.status, data: null, errors: [] };
}
