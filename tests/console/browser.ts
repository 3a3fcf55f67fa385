/**
 * A real headless browser for the console tests: Debian's chromium (/usr/bin/chromium, or
 * CHROMIUM_PATH) driven by playwright-core, never a browser of playwright's own download. Every
 * page it opens is watched: a request to anything but 127.0.0.1 is aborted and recorded (the
 * platform runs on a closed network), as is every Content-Security-Policy violation; `axe` runs
 * axe-core from node_modules in the page (through the debugger, so the page's CSP stays strict).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'data', 'console-screenshots');

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Watched {
  context: BrowserContext;
  page: Page;
  /** URLs of requests that would have left loopback (aborted). */
  outside: string[];
  /** CSP violations the page reported. */
  cspViolations: () => Promise<string[]>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function open(browser: Browser, opts: { locale?: string } = {}): Promise<Watched> {
  const context = await browser.newContext({ acceptDownloads: true, locale: opts.locale ?? 'zh-CN', viewport: { width: 1280, height: 900 } });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    outside.push(url.href);
    return route.abort('blockedbyclient');
  });
  // Browser code as text (the test program has Node's types, not the DOM's).
  await context.addInitScript(`globalThis.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => globalThis.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`);
  const page = await context.newPage();
  return {
    context, page, outside,
    cspViolations: () => page.evaluate('globalThis.__csp ?? []') as Promise<string[]>,
    close: () => context.close(),
  };
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA). */
export async function axe(page: Page, exclude: string[] = []): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(AXE);
  const context = JSON.stringify({ include: [['html']], exclude: exclude.map((s) => [s]) });
  const result = await page.evaluate(`axe.run(${context}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`) as
    { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
