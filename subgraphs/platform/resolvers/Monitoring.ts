/**
 * Monitoring's fields (schema/platform.graphql, the Monitoring block): watchlists, the change
 * feed and webhooks of the calling institution. Translation only: db/ and monitoring/ do the work.
 */
import type {
  ChangeFeedPage, MonitoredEvent, MutationResolvers, QueryResolvers, Webhook as WebhookView,
  WebhookDelivery as DeliveryView, WebhookDeliveryStatus,
} from '../../../codegen/platform.ts';
import { badUserInput, CreditGraphError } from '../../../lib/errors.ts';
import type { Context } from '../context.ts';
import { feedAfter } from '../db/feed.ts';
import { countWatches, unwatchSubjects, watchlistPage, watchSubjects } from '../db/watches.ts';
import {
  createWebhook, deleteWebhook, deliveryLog, findDelivery, ownWebhook, replayDelivery, setWebhookSecret, webhooksOf,
  type Webhook, type WebhookDelivery,
} from '../db/webhooks.ts';
import { allowList, checkUrl, RefusedAddress, resolveChecked } from '../monitoring/address-guard.ts';
import { decidedPrefix, itemsWithheldFrom } from '../monitoring/disclosure.ts';
import { eventView, newSecret } from '../monitoring/signing.ts';
import { parseEvents, splitSubjects, storeEvents, subjectsOfCsv } from '../monitoring/subjects.ts';
import { deliveryOwner, monitoringInstitution, requireOperator } from '../rules.ts';
import { randomUUID } from 'node:crypto';

function bounded(name: string, n: number | null | undefined, fallback: number, max: number): number {
  const v = n ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max) throw badUserInput(name.toUpperCase(), `${name} must be between 1 and ${max}; got ${v}`);
  return v;
}

/** A feed cursor: the decimal seq of the last event read ("0" or none: the start). */
function parseCursor(since: string | null | undefined): number {
  if (since == null || since === '') return 0;
  if (!/^\d{1,15}$/.test(since)) throw badUserInput('CURSOR', 'since must be a cursor returned by changes');
  return Number(since);
}

const webhookView = (w: Webhook): WebhookView =>
  ({ id: w.id, url: w.url, events: parseEvents(w.events) as MonitoredEvent[] | null, createdAt: w.createdAt, rotatedAt: w.rotatedAt });

const deliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id, webhookId: d.webhookId, institutionId: d.institutionId, eventId: String(d.seq), status: d.status as WebhookDeliveryStatus, attempts: d.attempts,
  createdAt: d.createdAt, lastAttemptAt: d.lastAttemptAt, nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt : null,
  deliveredAt: d.deliveredAt, lastStatus: d.lastStatus, lastError: d.lastError,
});

async function watchAll(ctx: Context, subjects: string[], events: readonly string[] | null | undefined) {
  const institutionId = monitoringInstitution(ctx.caller.principal);
  const stored = storeEvents(events);
  const { usccs, idNumbers } = splitSubjects(subjects);
  // Persons by their id only, and only with a consent covering monitoring (FORBIDDEN otherwise).
  const persons = idNumbers.length > 0 ? await ctx.monitoring.persons.watchable(ctx.caller, idNumbers) : [];
  const result = await watchSubjects(ctx.db, institutionId, [...usccs, ...new Set(persons)], stored, ctx.now());
  ctx.log.info({ institutionId, watched: result.watched, total: result.total, persons: persons.length }, 'subjects watched');
  return result;
}

/** A webhook URL as registered: the scheme, and every address its host resolves to now. */
async function checkedUrl(ctx: Context, url: string): Promise<string> {
  const { config, production } = ctx.monitoring;
  try {
    const parsed = checkUrl(url, { allowed: config.allowedNetworks, httpsOnly: production });
    await resolveChecked(parsed.hostname, allowList(config.allowedNetworks));
    return parsed.href;
  } catch (err) {
    if (err instanceof RefusedAddress) throw badUserInput('WEBHOOK_URL', `webhook URL refused: ${err.message}`);
    // A name that does not resolve is refused like a forbidden one, with the resolver's word.
    if ((err as NodeJS.ErrnoException).code) throw badUserInput('WEBHOOK_URL', `webhook URL refused: ${(err as Error).message}`);
    throw err;
  }
}

export const monitoringQuery: Pick<QueryResolvers<Context>, 'watchlist' | 'changes' | 'webhooks' | 'webhookDeliveries'> = {
  async watchlist(_parent, { first, after }, { caller, db }) {
    const institutionId = monitoringInstitution(caller.principal);
    const n = bounded('first', first, 100, 1000);
    const rows = await watchlistPage(db, institutionId, n, after ?? null);
    return {
      subjects: rows.map((w) => ({ subject: w.subject, events: parseEvents(w.events) as MonitoredEvent[] | null, since: w.createdAt })),
      endCursor: rows.length === n ? rows[rows.length - 1]!.subject : null,
      total: await countWatches(db, institutionId),
    };
  },

  async changes(_parent, { since, first }, { caller, db, monitoring }): Promise<ChangeFeedPage> {
    const institutionId = monitoringInstitution(caller.principal);
    const n = bounded('first', first, 100, 1000);
    const after = parseCursor(since);
    const rows = await feedAfter(db, institutionId, after, n + 1);
    const page = rows.slice(0, n);
    const p = caller.principal as Extract<typeof caller.principal, { kind: 'INSTITUTION' }>;
    // Issue 14: a person event the person subgraph cannot be asked about now ends the page before it.
    const { decided, hidden } = await decidedPrefix(db, page, itemsWithheldFrom(p.institutionKind, monitoring.catalogue), { directory: monitoring.persons, institution: p });
    return {
      events: decided.filter((c) => !hidden.has(c.seq)).map((c) => ({ ...eventView(c), type: c.type as MonitoredEvent })),
      // Past the hidden ones too: the next page starts after everything this one looked at.
      cursor: String(decided.length > 0 ? decided[decided.length - 1]!.seq : after),
      hasMore: rows.length > n || decided.length < page.length,
    };
  },

  async webhooks(_parent, _args, { caller, db }) {
    return (await webhooksOf(db, monitoringInstitution(caller.principal))).map(webhookView);
  },

  async webhookDeliveries(_parent, { webhookId, status, first, after }, { caller, db }) {
    const institutionId = monitoringInstitution(caller.principal);
    const rows = await deliveryLog(db, { institutionId, webhookId, status }, bounded('first', first, 50, 500), after ?? null);
    return rows.map(deliveryView);
  },
};

/** The operator's view of the dead letters (issue 17): every institution's, or one's. */
export const deadLetterQuery: Pick<QueryResolvers<Context>, 'webhookDeadLetters'> = {
  async webhookDeadLetters(_parent, { institutionId, first, after }, { caller, db }) {
    requireOperator(caller.principal);
    const rows = await deliveryLog(db, { institutionId: institutionId ?? undefined, status: 'DEAD' }, bounded('first', first, 50, 500), after ?? null);
    return rows.map(deliveryView);
  },
};

export const monitoringMutation: Pick<MutationResolvers<Context>,
  'watch' | 'watchCsv' | 'unwatch' | 'registerWebhook' | 'rotateWebhookSecret' | 'deleteWebhook' | 'replayWebhookDelivery'> = {
  watch: (_parent, { subjects, events }, ctx) => watchAll(ctx, subjects, events),

  watchCsv: (_parent, { csv, events }, ctx) => watchAll(ctx, subjectsOfCsv(csv), events),

  async unwatch(_parent, { subjects }, { caller, db, monitoring }) {
    const institutionId = monitoringInstitution(caller.principal);
    const { usccs, idNumbers } = splitSubjects(subjects);
    const persons = idNumbers.length > 0 ? await monitoring.persons.known(caller, idNumbers) : [];
    return unwatchSubjects(db, institutionId, [...usccs, ...persons]);
  },

  async registerWebhook(_parent, { url, events }, ctx) {
    const institutionId = monitoringInstitution(ctx.caller.principal);
    const secret = newSecret();
    const row = await createWebhook(ctx.db, {
      id: randomUUID(), institutionId, url: await checkedUrl(ctx, url), events: storeEvents(events), secret,
      createdAt: ctx.now(), rotatedAt: null,
    });
    ctx.log.info({ institutionId, webhookId: row.id }, 'webhook registered');
    return { webhook: webhookView(row), secret };
  },

  async rotateWebhookSecret(_parent, { id }, ctx) {
    const institutionId = monitoringInstitution(ctx.caller.principal);
    await ownWebhook(ctx.db, institutionId, id);
    const secret = newSecret();
    const row = await setWebhookSecret(ctx.db, id, secret, ctx.now());
    ctx.log.info({ institutionId, webhookId: id }, 'webhook secret rotated');
    return { webhook: webhookView(row), secret };
  },

  async deleteWebhook(_parent, { id }, ctx) {
    const institutionId = monitoringInstitution(ctx.caller.principal);
    const row = await ownWebhook(ctx.db, institutionId, id);
    await deleteWebhook(ctx.db, id);
    ctx.log.info({ institutionId, webhookId: id }, 'webhook deleted');
    return webhookView(row);
  },

  async replayWebhookDelivery(_parent, { id }, ctx) {
    const institutionId = deliveryOwner(ctx.caller.principal);
    const found = await findDelivery(ctx.db, id);
    if (!found || (institutionId !== null && found.institutionId !== institutionId)) throw new CreditGraphError('NOT_FOUND', `No webhook delivery with id ${id}.`, { id });
    if (found.status === 'PENDING') return deliveryView(found);
    const now = ctx.now();
    const row = await replayDelivery(ctx.db, id, now, new Date(now.getTime() + ctx.monitoring.config.retryWindowMs));
    ctx.monitoring.wake();
    return deliveryView(row);
  },
};
