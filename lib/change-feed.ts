/**
 * The change log's tail, for consumers in other processes: monitoring (watchlists, the changes
 * feed, webhooks), the gateways' cache invalidation and the partner cities' list feed all read one
 * log (lib/change-log.ts) through one route and one follower, each from a cursor of its own.
 *
 *   GET /changes?after=<seq | end>&limit=<1..1000>&wait=<ms 0..25000>
 *
 * on each subgraph that keeps a change log (today the enterprise subgraph), answered with
 * `{ events, last }`, oldest first. With `wait` it is a long poll: the answer comes as soon as an
 * event past `after` is committed, so a follower hears of a change within the route's poll
 * interval (CHANGE_POLL_MS) without a request per interval. `after=end` answers at once with no events
 * and `last` at the log's current end: where a consumer with nothing to catch up on starts (a new
 * gateway's empty response cache needs no history).
 *
 * Callers are services holding the caller secret, signed as an OPERATOR (`service:<consumer>`). The
 * signature covers the request target (path and query), since a GET has no body to bind it to: a
 * captured header cannot be replayed with another cursor or limit.
 */
import type { ChangeEventInput } from './change-log.ts';
import { CALLER_HEADER, signCaller, type Caller } from './caller.ts';
import type { Logger } from './logger.ts';

export const CHANGES_PATH = '/changes';
export const DEFAULT_CHANGES_LIMIT = 500;
export const MAX_CHANGES_LIMIT = 1000;
/** The longest a long poll is held: below the usual 30 s idle timeouts of proxies between services. */
export const MAX_CHANGES_WAIT_MS = 25_000;
/** How often a held long poll looks for new events (writers in other processes are seen this way). */
export const CHANGE_POLL_MS = 200;

/**
 * One event of the log as consumers see it: what its writer handed in (lib/change-log.ts), every
 * field present, with its place in the log and the instant of the change (ISO 8601, UTC).
 */
export type ChangeEvent = { seq: number; at: string } & Required<ChangeEventInput>;

export interface ChangesPage {
  events: ChangeEvent[];
  /** The seq of the last event in `events`, or the request's `after` when there are none. */
  last: number;
}

/** The cursor that means "the log's end when the request is answered". */
export const END_OF_LOG = 'end';

export interface ChangesRequest {
  after: number | typeof END_OF_LOG;
  limit: number;
  waitMs: number;
}

/** The request target a follower asks for and signs: the route parses exactly this form back. */
export function changesTarget({ after, limit, waitMs }: ChangesRequest): string {
  return `${CHANGES_PATH}?after=${after}&limit=${limit}&wait=${waitMs}`;
}

/** The base URL of a service from its GraphQL URL (`http://host:4001/graphql` → `http://host:4001`). */
export function serviceBaseUrl(url: string): string {
  return url.replace(/\/graphql\/?$/, '').replace(/\/$/, '');
}

/** The caller a service signs as when it reads another service's change log. */
export function serviceCaller(consumer: string): Caller {
  return { principal: { kind: 'OPERATOR', operatorId: `service:${consumer}` }, purpose: null, requestId: `change-feed:${consumer}` };
}

export interface ChangeFollower {
  /** The seq of the last event whose `onEvents` resolved (END_OF_LOG until the first read). */
  readonly cursor: number | typeof END_OF_LOG;
  /** Resolves once the follower has handed on everything committed before the call. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface FollowOptions {
  /** The subgraph's base URL (`http://127.0.0.1:4001`; a `/graphql` suffix is dropped). */
  url: string;
  callerSecret: string;
  /** A name for logs and the service principal. */
  consumer: string;
  /**
   * Start after this seq (the consumer keeps its own durable cursor), or at the log's end when the
   * follower starts (END_OF_LOG: a consumer whose state begins empty and needs no history).
   */
  after: number | typeof END_OF_LOG;
  /** Called in order, one page at a time; the cursor moves past the page when it resolves. */
  onEvents(events: ChangeEvent[]): Promise<void> | void;
  logger: Logger;
  /** Long-poll wait (ms); default 10 s. */
  waitMs?: number;
  limit?: number;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/**
 * Follows a change log from `after`, at least once: a page whose `onEvents` throws is offered again
 * after a backoff, so consumers must be idempotent by seq. Failures to reach the service back off
 * (100 ms doubling to 5 s) and are logged, never thrown: a follower outlives its source's restarts.
 */
export function followChangeLog(opts: FollowOptions): ChangeFollower {
  const base = serviceBaseUrl(opts.url);
  const limit = Math.min(opts.limit ?? DEFAULT_CHANGES_LIMIT, MAX_CHANGES_LIMIT);
  const waitMs = Math.min(opts.waitMs ?? 10_000, MAX_CHANGES_WAIT_MS);
  const log = opts.logger.child({ changeFeed: opts.consumer, source: base });
  let cursor: number | typeof END_OF_LOG = opts.after;
  let stopped = false;
  /** Aborts the request in flight: on stop, or to turn a held long poll into an immediate read. */
  let inFlight: AbortController | null = null;
  /** Waiters of `caughtUp`, each released by the first complete read that began after it asked. */
  let waiters: { resolve(): void; reject(err: Error): void }[] = [];
  let sleeping: { timer: NodeJS.Timeout; resolve(): void } | null = null;

  async function fetchPage(wait: number, signal: AbortSignal): Promise<ChangesPage> {
    const target = changesTarget({ after: cursor, limit, waitMs: wait });
    const res = await fetch(base + target, {
      headers: { [CALLER_HEADER]: signCaller(serviceCaller(opts.consumer), target, opts.callerSecret) },
      signal,
    });
    if (!res.ok) throw new Error(`GET ${CHANGES_PATH} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as ChangesPage;
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    sleeping = { timer: setTimeout(() => { sleeping = null; resolve(); }, ms), resolve };
  });

  async function run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    while (!stopped) {
      // A read that starts now with no wait answers every waiter registered before it, once done.
      const answering = waiters;
      waiters = [];
      const controller = new AbortController();
      inFlight = controller;
      try {
        // The end of the log is a position to start from, not a wait: it answers at once.
        const page = await fetchPage(answering.length > 0 || cursor === END_OF_LOG ? 0 : waitMs, controller.signal);
        if (cursor === END_OF_LOG) cursor = page.last;
        else if (page.events.length > 0) {
          await opts.onEvents(page.events);
          cursor = page.last;
        }
        backoff = FIRST_BACKOFF_MS;
        // A full page may have more behind it: the waiters wait for the read that comes up short.
        if (page.events.length < limit) for (const w of answering) w.resolve();
        else waiters.unshift(...answering);
      } catch (err) {
        waiters.unshift(...answering);
        if (stopped) break;
        if (!controller.signal.aborted) {
          log.warn({ err, cursor, retryInMs: backoff }, 'change feed read failed; retrying');
          await sleep(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      } finally {
        inFlight = null;
      }
    }
    for (const w of waiters) w.reject(new Error('change follower stopped'));
    waiters = [];
  }

  const running = run();

  return {
    get cursor() { return cursor; },
    caughtUp() {
      if (stopped) return Promise.reject(new Error('change follower stopped'));
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        // Cut a held long poll short (it would answer only when something new arrives) and skip a
        // backoff: the waiter wants a read now. A page being handed on is left to finish.
        inFlight?.abort();
        if (sleeping) { clearTimeout(sleeping.timer); sleeping.resolve(); sleeping = null; }
      });
    },
    async stop() {
      stopped = true;
      inFlight?.abort();
      if (sleeping) { clearTimeout(sleeping.timer); sleeping.resolve(); sleeping = null; }
      await running;
    },
  };
}
