/**
 * `GET /changes`: a subgraph's change log tail for services in other processes (monitoring, the
 * gateways' cache invalidation), as lib/change-feed.ts describes; registered by every subgraph that
 * keeps a change log (enterprise, person, social-org). Reached only with a caller header signed over the request
 * target by a holder of the caller secret, as an operator.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyCaller, CALLER_HEADER } from './caller.ts';
import {
  CHANGE_POLL_MS, CHANGES_PATH, DEFAULT_CHANGES_LIMIT, END_OF_LOG, MAX_CHANGES_LIMIT, MAX_CHANGES_WAIT_MS,
  type ChangesPage,
} from './change-feed.ts';
import { toChangeEvent, type ChangeEventRow } from './db/change-log.ts';

/** How a subgraph reads its own log. */
export interface ChangeLogSource {
  /** Up to `take` rows after `afterSeq`, oldest first. */
  after(afterSeq: number, take: number): Promise<ChangeEventRow[]>;
  /** The newest seq (0 for an empty log). */
  last(): Promise<number>;
}

/** A log's ChangeEvent table as its Prisma delegate offers it (the person's, the social-org's). */
export interface ChangeEventTable {
  findMany(args: { where: { seq: { gt: number } }; orderBy: { seq: 'asc' }; take: number }): Promise<ChangeEventRow[]>;
  findFirst(args: { orderBy: { seq: 'desc' }; select: { seq: true } }): Promise<{ seq: number } | null>;
}

/** The log read from its table: rows after a seq, oldest first; the newest seq (0 when empty). */
export function changeLogOf(table: ChangeEventTable): ChangeLogSource {
  return {
    after: (afterSeq, take) => table.findMany({ where: { seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, take }),
    last: async () => (await table.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0,
  };
}

export const refuse = (reply: FastifyReply, status: number, code: string, message: string, reason?: string) =>
  reply.code(status).send({ errors: [{ message, extensions: reason ? { code, reason } : { code } }] });

/** A whole number in [min, max] from a query parameter, its default when absent, or null when bad. */
function intParam(raw: string | null, fallback: number, min: number, max: number): number | null {
  if (raw === null) return fallback;
  if (!/^\d{1,15}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

export function registerChangesRoute(app: FastifyInstance, deps: { log: ChangeLogSource; callerSecret: string }): void {
  // Held polls end when the server starts closing, so a shutdown never waits out a long poll.
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });

  app.get(CHANGES_PATH, async (req, reply) => {
    const verified = verifyCaller(req.headers[CALLER_HEADER] as string | undefined, req.url, deps.callerSecret);
    if (!verified.ok) return refuse(reply, 401, 'UNAUTHENTICATED', verified.reason);
    if (verified.caller.principal.kind !== 'OPERATOR') {
      return refuse(reply, 403, 'FORBIDDEN', 'The change log is read by the platform\'s own services only.');
    }
    const params = new URL(req.url, 'http://localhost').searchParams;
    const atEnd = params.get('after') === END_OF_LOG;
    const after = atEnd ? 0 : intParam(params.get('after'), 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params.get('limit'), DEFAULT_CHANGES_LIMIT, 1, MAX_CHANGES_LIMIT);
    const wait = intParam(params.get('wait'), 0, 0, MAX_CHANGES_WAIT_MS);
    if (after === null || limit === null || wait === null) {
      return refuse(reply, 400, 'BAD_USER_INPUT', `after must be a seq or "${END_OF_LOG}", limit 1..${MAX_CHANGES_LIMIT}, wait 0..${MAX_CHANGES_WAIT_MS} ms`, 'CHANGES_PARAMS');
    }

    if (atEnd) return reply.send({ events: [], last: await deps.log.last() } satisfies ChangesPage);

    const deadline = Date.now() + wait;
    let gone = false;
    reply.raw.on('close', () => { gone = true; });
    let rows = await deps.log.after(after, limit);
    while (rows.length === 0 && !closing && !gone && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(CHANGE_POLL_MS, deadline - Date.now())));
      if (closing || gone) break;
      rows = await deps.log.after(after, limit);
    }
    const events = rows.map(toChangeEvent);
    const page: ChangesPage = { events, last: events.at(-1)?.seq ?? after };
    return reply.send(page);
  });
}
