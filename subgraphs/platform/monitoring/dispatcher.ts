/**
 * The dispatcher: sends the outbox's due messages, signed, to their webhooks. One worker per
 * webhook with its own connection pool and at most `concurrency` attempts in flight, so a slow or
 * dead receiver holds only its own worker (per-receiver isolation). A message's attempts carry the
 * same webhook-id; failures are retried with exponential backoff and jitter until `retryUntil`, then
 * the message is DEAD (a dead letter, replayable). The outbox is in the database and a message is
 * settled only after its attempt ends, so a `kill -9` loses nothing: on restart the attempts that
 * were in flight are due again (at-least-once: a receiver may see an id twice and dedupes by it).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Logger } from '../../../lib/logger.ts';
import type { MonitoringConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { changesBySeq } from '../db/feed.ts';
import { findInstitutions } from '../db/institutions.ts';
import {
  claimDue, findWebhook, releaseLeases, settle, webhooksDue, type Settlement, type Webhook, type WebhookDelivery,
} from '../db/webhooks.ts';
import { allowList, checkUrl, guardedLookup, refusal } from './address-guard.ts';
import { asPrincipal, itemsWithheldFrom, undisclosed } from './disclosure.ts';
import type { PersonDirectory } from './persons.ts';
import type { Catalogue } from '../../../lib/catalogue/index.ts';
import type { InstitutionKind } from '../../../lib/caller.ts';
import { messageBody, signedHeaders } from './signing.ts';

/** How often the outbox is looked at when nothing woke the dispatcher (retries due, another process's replays). */
const POLL_MS = 200;
/** The longest wait between two attempts. */
const MAX_DELAY_MS = 3600_000;
/** Longest error text kept in the delivery log. */
const MAX_ERROR = 300;

/** The delay before attempt `attempts + 1`: base·2^(attempts−1) capped at an hour, half of it jitter. */
export function retryDelay(attempts: number, baseMs: number, random = Math.random): number {
  const full = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

export interface Dispatcher {
  /** Look at the outbox now (the matcher queued messages). */
  wake(): void;
  /** Stops taking messages, ends the attempts in flight (they are retried later), waits for the workers. */
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  db: Db;
  config: MonitoringConfig;
  production: boolean;
  logger: Logger;
  clock: () => Date;
  catalogue: Catalogue;
  /** Asked at delivery whether a person's consent still covers each person event (issue 14). */
  persons?: PersonDirectory;
}

interface Attempt { status: number | null; error: string | null }

export async function startDispatcher(opts: DispatcherOptions): Promise<Dispatcher> {
  const { db, config, logger, clock } = opts;
  const allowed = allowList(config.allowedNetworks);
  const policy = { allowed: config.allowedNetworks, httpsOnly: opts.production };
  const lookup = guardedLookup(allowed);
  const agents = new Map<string, http.Agent>();
  const workers = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const released = await releaseLeases(db, clock());
  if (released > 0) logger.info({ released }, 'webhook attempts in flight at the last stop are due again');

  function agentOf(hook: Webhook, url: URL): http.Agent {
    const key = `${hook.id} ${url.protocol}`;
    let agent = agents.get(key);
    if (!agent) {
      const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
      agent = new Agent({ keepAlive: true, maxSockets: config.concurrency });
      agents.set(key, agent);
    }
    return agent;
  }

  /** One POST; resolves with the status, or with the error (refused address, network, timeout). */
  function post(hook: Webhook, message: WebhookDelivery, body: string): Promise<Attempt> {
    let url: URL;
    try {
      url = checkUrl(hook.url, policy);
    } catch (err) {
      return Promise.resolve({ status: null, error: `refused: ${(err as Error).message}` });
    }
    // A socket skips `lookup` for an IP literal: that address is checked here instead.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const why = isIP(literal) ? refusal(literal, allowed) : null;
    if (why) return Promise.resolve({ status: null, error: `refused: ${why}` });
    const headers = signedHeaders(hook.secret, message.id, clock(), body);
    return new Promise((resolve) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: agentOf(hook, url), lookup,
      });
      const timeout = setTimeout(() => request.destroy(new Error(`no answer in ${config.timeoutMs} ms`)), config.timeoutMs);
      request.on('response', (res) => {
        res.resume();
        res.on('end', () => { clearTimeout(timeout); resolve({ status: res.statusCode ?? null, error: null }); });
        res.on('error', (err) => { clearTimeout(timeout); resolve({ status: res.statusCode ?? null, error: err.message }); });
      });
      request.on('error', (err) => { clearTimeout(timeout); resolve({ status: null, error: err.message }); });
      request.end(body);
    });
  }

  function outcome(message: WebhookDelivery, attempt: Attempt, now: Date): Settlement {
    if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300 && attempt.error === null) {
      return { id: message.id, status: 'DELIVERED', lastStatus: attempt.status, lastError: null, nextAttemptAt: message.nextAttemptAt };
    }
    const next = new Date(now.getTime() + retryDelay(message.attempts, config.retryBaseMs));
    const error = (attempt.error ?? `HTTP ${attempt.status}`).slice(0, MAX_ERROR);
    return { id: message.id, status: next > message.retryUntil ? 'DEAD' : 'PENDING', lastStatus: attempt.status, lastError: error, nextAttemptAt: next };
  }

  const suppressed = (message: WebhookDelivery, why: string): Settlement =>
    ({ id: message.id, status: 'SUPPRESSED', lastStatus: null, lastError: why, nextAttemptAt: message.nextAttemptAt });

  /** Sends `batch` with at most `concurrency` in flight; the settlements in any order. */
  async function sendAll(hook: Webhook, batch: WebhookDelivery[]): Promise<Settlement[]> {
    const [institution] = await findInstitutions(db, [hook.institutionId]);
    const changes = new Map((await changesBySeq(db, batch.map((m) => m.seq))).map((c) => [c.seq, c]));
    const hidden = institution ? await undisclosed(db, [...changes.values()], itemsWithheldFrom(institution.kind as InstitutionKind, opts.catalogue), opts.persons && institution.status === 'ACTIVE' ? { directory: opts.persons, institution: asPrincipal(institution) } : undefined) : new Set<number>();
    const out: Settlement[] = [];
    let next = 0;
    const lane = async () => {
      while (next < batch.length && !stopped) {
        const message = batch[next++]!;
        const change = changes.get(message.seq);
        if (!institution || institution.status !== 'ACTIVE') out.push(suppressed(message, 'institution suspended'));
        else if (!change || hidden.has(message.seq)) out.push(suppressed(message, 'record no longer disclosed'));
        else out.push(outcome(message, await post(hook, message, messageBody(change)), clock()));
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.concurrency, batch.length) }, lane));
    return out;
  }

  async function work(webhookId: string): Promise<void> {
    while (!stopped) {
      const hook = await findWebhook(db, webhookId);
      if (!hook) return;
      const batch = await claimDue(db, webhookId, clock(), config.concurrency * 4);
      if (batch.length === 0) return;
      // Messages not attempted because of a stop keep their lease; the next start releases them.
      await settle(db, await sendAll(hook, batch), clock());
    }
  }

  async function tick(): Promise<void> {
    for (const id of await webhooksDue(db, clock())) {
      if (workers.has(id)) continue;
      workers.set(id, work(id)
        .catch((err: unknown) => logger.error({ err, webhookId: id }, 'webhook worker failed; its messages are retried'))
        .finally(() => workers.delete(id)));
    }
  }

  // One tick at a time: a wake during a tick asks for another right after it.
  let ticking = false;
  let again = false;
  function schedule(ms: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
  }
  async function run(): Promise<void> {
    if (ticking) { again = true; return; }
    ticking = true;
    try {
      await tick();
    } catch (err) {
      logger.error({ err }, 'reading the webhook outbox failed');
    } finally {
      ticking = false;
      schedule(again ? 0 : POLL_MS);
      again = false;
    }
  }

  schedule(0);
  return {
    wake: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      for (const agent of agents.values()) agent.destroy();
      await Promise.allSettled([...workers.values()]);
    },
  };
}
