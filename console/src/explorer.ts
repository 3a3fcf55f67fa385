/**
 * The explorer: GraphiQL (React, so on a page of its own), bundled from npm, talking to /graphql
 * with the caller signed in on the console (this tab's session storage) — exactly the API any
 * client has. Served only where the gateway config turns it on (CONSOLE_EXPLORER).
 */
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { authHeaders, loadAuth } from './client.ts';
import { initialLang } from './i18n.ts';

type Params = { query: string; operationName?: string | null; variables?: Record<string, unknown> | null };

async function fetcher(params: Params, opts?: { headers?: Record<string, unknown> }) {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'omit',
    headers: { ...(opts?.headers as Record<string, string> | undefined), 'content-type': 'application/json', ...authHeaders(loadAuth()) },
    body: JSON.stringify(params),
  });
  return res.json();
}

const zh = initialLang() === 'zh-CN';
document.documentElement.lang = zh ? 'zh-CN' : 'en';
const signedIn = loadAuth() !== null;
const banner = document.getElementById('explorer-status')!;
banner.textContent = signedIn
  ? (zh ? '以控制台登录身份调用 /graphql。' : 'Calling /graphql as the caller signed in on the console.')
  : (zh ? '未登录：以匿名身份调用。请先在控制台登录。' : 'Not signed in: calling anonymously. Sign in on the console first.');

const DEFAULT_QUERY = '# 查询当前身份 / who am I\nquery Me {\n  me {\n    kind\n    scopes\n  }\n}\n';

// CodeMirror's input textareas carry no label: name them after their editor, as they appear.
const editorName = (t: HTMLTextAreaElement) => (t.closest('.graphiql-response') ? (zh ? '查询结果' : 'Response')
  : t.closest('.graphiql-editor-tool') ? (zh ? '变量' : 'Variables') : (zh ? '查询编辑器' : 'Query editor'));
new MutationObserver(() => {
  for (const t of document.querySelectorAll<HTMLTextAreaElement>('textarea:not([aria-label])')) t.setAttribute('aria-label', editorName(t));
}).observe(document.body, { childList: true, subtree: true });

createRoot(document.getElementById('graphiql')!).render(
  createElement(GraphiQL, { fetcher: fetcher as never, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false, isHeadersEditorEnabled: false }),
);
