/**
 * The dispatcher: sends the outbox's due messages, signed, to their webhooks. One worker per
 * webhook with its own connection pool (undici, keep-alive, at most `concurrency` connections) and
 * at most `concurrency` attempts in flight, so a slow or dead receiver holds only its own worker
 * (per-receiver isolation). A worker keeps its lanes busy: it claims the next messages while the
 * last ones are still being sent, and records finished attempts in batches (one statement per
 * outcome for the delivered). A message's attempts carry the same webhook-id; failures are retried
 * with exponential backoff and jitter until `retryUntil`, then the message is DEAD (a dead letter,
 * replayable). The outbox is in the database and a message is settled only after its attempt ends,
 * so a `kill -9` loses nothing: on restart the attempts that were in flight, or finished but not yet
 * recorded, are due again (at-least-once: a receiver may see an id twice and dedupes by it).
 *
 * Addresses: each connection resolves the host through `guardedLookup` and connects only to the
 * addresses it checked. A kept-alive connection is reused without a new lookup: it still goes to
 * the address checked when it opened (nothing new is reached), and an idle one closes after a few
 * seconds (undici's keep-alive timeout), so a changed DNS answer is looked at again soon after.
 */
import { isIP } from 'node:net';
import { Pool } from 'undici';
import type { Logger } from '../../../lib/logger.ts';
import type { MonitoringConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import { changesBySeq } from '../db/feed.ts';
import { findInstitutions } from '../db/institutions.ts';
import {
  claimDue, findWebhook, releaseLeases, settle, webhooksDue, type Settlement, type Webhook, type WebhookDelivery,
} from '../db/webhooks.ts';
import { allowList, checkUrl, guardedLookup, refusal } from './address-guard.ts';
import { asPrincipal, decideDelivery, itemsWithheldFrom } from './disclosure.ts';
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
/**
 * Messages claimed at once, and finished attempts recorded together (one statement for the
 * delivered of a batch): the outbox's statements cost more than an attempt on loopback, so they
 * are made per 256 messages. Bounds what a worker holds (256 bodies) and how many attempts a
 * `kill -9` may leave unrecorded (sent again after the restart, with the same webhook-id).
 */
const BATCH = 256;

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
  const pools = new Map<string, Pool>();
  const workers = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const released = await releaseLeases(db, clock());
  if (released > 0) logger.info({ released }, 'webhook attempts in flight at the last stop are due again');

  function poolOf(hook: Webhook, url: URL): Pool {
    const key = `${hook.id} ${url.origin}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new Pool(url.origin, { connections: config.concurrency, connect: { lookup } });
      pools.set(key, pool);
    }
    return pool;
  }

  /**
   * The URL check of each delivery: the URL's policy, and an IP literal against the allowlist (a
   * socket skips `lookup` for one, so that address is checked here instead; a name is checked after
   * DNS by `lookup` on each new connection). Both are pure functions of the URL text, the policy and
   * the allowlist, fixed for the dispatcher's life, so each delivery looks its URL's answer up rather
   * than parsing and matching again (a URL parse and an allowlist match per message were ~3% of a
   * delivery's CPU). Bounded: a dispatcher sees its webhooks' URLs, at most 20 per institution.
   */
  const checked = new Map<string, { url: URL; error: null } | { url: null; error: string }>();
  function checkedUrl(text: string): { url: URL; error: null } | { url: null; error: string } {
    let answer = checked.get(text);
    if (!answer) {
      try {
        const url = checkUrl(text, policy);
        const literal = url.hostname.replace(/^\[|\]$/g, '');
        const why = isIP(literal) ? refusal(literal, allowed) : null;
        answer = why ? { url: null, error: `refused: ${why}` } : { url, error: null };
      } catch (err) {
        answer = { url: null, error: `refused: ${(err as Error).message}` };
      }
      if (checked.size >= 10_000) checked.clear();
      checked.set(text, answer);
    }
    return answer;
  }

  /** One POST; resolves with the status, or with the error (refused address, network, timeout). */
  async function post(hook: Webhook, message: WebhookDelivery, body: string): Promise<Attempt> {
    const { url, error } = checkedUrl(hook.url);
    if (!url) return { status: null, error };
    const headers = signedHeaders(hook.secret, message.id, clock(), body);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error(`no answer in ${config.timeoutMs} ms`)), config.timeoutMs);
    try {
      const res = await poolOf(hook, url).request({
        method: 'POST', path: `${url.pathname}${url.search}`, headers, body, signal: timeout.signal,
      });
      await res.body.dump();
      return { status: res.statusCode, error: null };
    } catch (err) {
      // A refused address comes back from the connect as the lookup's error, wrapped or not.
      const cause = (err as { cause?: unknown }).cause;
      return { status: null, error: (cause instanceof Error ? cause : err as Error).message };
    } finally {
      clearTimeout(timer);
    }
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

  interface Sendable { message: WebhookDelivery; body: string }

  /**
   * The disclosure rules at delivery time: what of `batch` may be sent (with its body), and what is
   * settled without an attempt: suppressed, or (a person event the person subgraph could not be
   * asked about) held: due again after the backoff, never sent undecided.
   */
  async function sorted(hook: Webhook, batch: WebhookDelivery[]): Promise<{ send: Sendable[]; settled: Settlement[] }> {
    const [institution] = await findInstitutions(db, [hook.institutionId]);
    const changes = new Map((await changesBySeq(db, batch.map((m) => m.seq))).map((c) => [c.seq, c]));
    const active = institution?.status === 'ACTIVE';
    const decision = institution
      ? await decideDelivery(db, [...changes.values()], itemsWithheldFrom(institution.kind as InstitutionKind, opts.catalogue), opts.persons && active ? { directory: opts.persons, institution: asPrincipal(institution) } : undefined)
      : null;
    if (decision?.error) logger.warn({ err: decision.error, webhookId: hook.id, held: decision.undecided.size }, 'person events held: the person subgraph could not be asked');
    const send: Sendable[] = [];
    const settled: Settlement[] = [];
    const now = clock();
    for (const message of batch) {
      const change = changes.get(message.seq);
      if (!institution || !active) settled.push(suppressed(message, 'institution suspended'));
      else if (decision?.undecided.has(message.seq)) settled.push(outcome(message, { status: null, error: `held: the person subgraph could not be asked (${decision.error?.message})` }, now));
      else if (!change || decision?.hidden.has(message.seq)) settled.push(suppressed(message, 'record no longer disclosed'));
      else send.push({ message, body: messageBody(change) });
    }
    return { send, settled };
  }

  /**
   * Sends the webhook's due messages with `concurrency` lanes until none is due. The next claim is
   * made while the lanes still have work (no lane waits for a batch's slowest attempt), and finished
   * attempts are recorded BATCH at a time, in order, one recording at a time.
   */
  async function work(webhookId: string): Promise<void> {
    const hook = await findWebhook(db, webhookId);
    if (!hook) return;
    const queue: Sendable[] = [];
    const finished: Settlement[] = [];
    let exhausted = false;
    let claiming: Promise<void> | null = null;
    let recording: Promise<void> = Promise.resolve();
    const record = (): Promise<void> => {
      const batch = finished.splice(0);
      if (batch.length > 0) recording = recording.then(() => settle(db, batch, clock()));
      return recording;
    };
    const claim = (): Promise<void> => (claiming ??= (async () => {
      const batch = await claimDue(db, webhookId, clock(), Math.max(BATCH, config.concurrency * 4));
      if (batch.length === 0) { exhausted = true; return; }
      const { send, settled } = await sorted(hook, batch);
      queue.push(...send);
      finished.push(...settled);
    })().finally(() => { claiming = null; }));
    const lane = async (): Promise<void> => {
      while (!stopped) {
        if (queue.length <= config.concurrency && !exhausted) claim().catch(() => { /* the lane that waits for it sees the error */ });
        const next = queue.shift();
        if (!next) {
          if (exhausted) return;
          await claim();
          continue;
        }
        finished.push(outcome(next.message, await post(hook, next.message, next.body), clock()));
        if (finished.length >= BATCH) void record().catch(() => { /* seen by the final record below */ });
      }
    };
    try {
      await Promise.all(Array.from({ length: config.concurrency }, lane));
    } finally {
      // Messages not attempted because of a stop keep their lease; the next start releases them.
      await record();
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
      await Promise.allSettled([...pools.values()].map((pool) => pool.destroy()));
      await Promise.allSettled([...workers.values()]);
    },
  };
}
