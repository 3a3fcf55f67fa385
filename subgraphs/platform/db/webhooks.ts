/**
 * Webhooks and their outbox (monitoring): every Prisma call on Webhook and WebhookDelivery. A
 * message is claimed by setting `leasedAt` (an attempt in flight), then settled: DELIVERED, or
 * PENDING again with its next attempt, or DEAD once `retryUntil` has passed.
 */
import { CreditGraphError } from '../../../lib/errors.ts';
import type { Prisma, Webhook, WebhookDelivery } from '../../../prisma/generated/platform/sqlite/client.ts';
import type { DatabaseProvider } from '../../../lib/config.ts';
import { insertRows } from '../../../lib/db/bulk-insert.ts';
import type { Db, Tx } from './client.ts';
import { chunks } from './watches.ts';

export type { Webhook, WebhookDelivery };
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'DEAD' | 'SUPPRESSED';

const notFound = (what: string, id: string) => new CreditGraphError('NOT_FOUND', `No ${what} with id ${id}.`, { id });

/** The most webhooks one institution registers. */
export const MAX_WEBHOOKS = 20;

export async function createWebhook(db: Db, row: Webhook): Promise<Webhook> {
  if (await db.prisma.webhook.count({ where: { institutionId: row.institutionId } }) >= MAX_WEBHOOKS) {
    throw new CreditGraphError('BAD_USER_INPUT', `at most ${MAX_WEBHOOKS} webhooks per institution`, { reason: 'WEBHOOK_LIMIT' });
  }
  return db.prisma.webhook.create({ data: row });
}

/** The institution's webhook `id` (NOT_FOUND for another institution's: ids are not disclosed). */
export async function ownWebhook(db: Tx, institutionId: string, id: string): Promise<Webhook> {
  const row = await db.prisma.webhook.findUnique({ where: { id } });
  if (!row || row.institutionId !== institutionId) throw notFound('webhook', id);
  return row;
}

export const webhooksOf = (db: Tx, institutionId: string): Promise<Webhook[]> =>
  db.prisma.webhook.findMany({ where: { institutionId }, orderBy: { createdAt: 'asc' } });

export const allWebhooks = (db: Tx): Promise<Webhook[]> => db.prisma.webhook.findMany();

export const findWebhook = (db: Tx, id: string): Promise<Webhook | null> => db.prisma.webhook.findUnique({ where: { id } });

export function setWebhookSecret(db: Db, id: string, secret: string, now: Date): Promise<Webhook> {
  return db.prisma.webhook.update({ where: { id }, data: { secret, rotatedAt: now } });
}

export async function deleteWebhook(db: Db, id: string): Promise<void> {
  await db.prisma.$transaction([
    db.prisma.webhookDelivery.deleteMany({ where: { webhookId: id, status: 'PENDING' } }),
    db.prisma.webhook.delete({ where: { id } }),
  ]);
}

export async function enqueueDeliveries(tx: Tx, provider: DatabaseProvider, rows: Prisma.WebhookDeliveryCreateManyInput[]): Promise<void> {
  await insertRows(tx, provider, 'WebhookDelivery', rows);
}

/** The log, newest first (by id within a time stamp); `after` is the last id of the page before. */
export async function deliveryLog(
  db: Db, where: { institutionId?: string; webhookId?: string | null; status?: DeliveryStatus | null }, first: number, after: string | null,
): Promise<WebhookDelivery[]> {
  const filter: Prisma.WebhookDeliveryWhereInput = {
    ...(where.institutionId ? { institutionId: where.institutionId } : {}),
    ...(where.webhookId ? { webhookId: where.webhookId } : {}),
    ...(where.status ? { status: where.status } : {}),
  };
  const cursor = after ? await db.prisma.webhookDelivery.findUnique({ where: { id: after } }) : null;
  return db.prisma.webhookDelivery.findMany({
    where: cursor
      ? { AND: [filter, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
      : filter,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: first,
  });
}

export const findDelivery = (db: Tx, id: string): Promise<WebhookDelivery | null> => db.prisma.webhookDelivery.findUnique({ where: { id } });

/** Queues a message again at once with a new retry window; its webhook-id stays. */
export function replayDelivery(db: Db, id: string, now: Date, retryUntil: Date): Promise<WebhookDelivery> {
  return db.prisma.webhookDelivery.update({
    where: { id },
    data: { status: 'PENDING', nextAttemptAt: now, retryUntil, leasedAt: null, lastError: null },
  });
}

/** Every dead letter of a webhook (or of every webhook) queued again; the number queued. */
export async function replayDead(db: Db, where: { webhookId?: string; institutionId?: string }, now: Date, retryUntil: Date): Promise<number> {
  const { count } = await db.prisma.webhookDelivery.updateMany({
    where: { status: 'DEAD', ...where },
    data: { status: 'PENDING', nextAttemptAt: now, retryUntil, leasedAt: null, lastError: null },
  });
  return count;
}

// ------------------------------------------------------------------ the dispatcher's side

/** Webhooks with a message due now and not in flight. */
export async function webhooksDue(db: Db, now: Date): Promise<string[]> {
  const rows = await db.prisma.webhookDelivery.groupBy({
    by: ['webhookId'], where: { status: 'PENDING', leasedAt: null, nextAttemptAt: { lte: now } },
  });
  return rows.map((r) => r.webhookId);
}

/** Claims up to `take` due messages of one webhook (oldest event first): an attempt each is now in flight. */
export async function claimDue(db: Db, webhookId: string, now: Date, take: number): Promise<WebhookDelivery[]> {
  const due = await db.prisma.webhookDelivery.findMany({
    where: { webhookId, status: 'PENDING', leasedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { seq: 'asc' }, take,
  });
  if (due.length === 0) return [];
  // Only this process's worker for this webhook claims (one dispatcher per database), so the rows
  // read are the rows leased; `leasedAt: null` in the filter keeps a second dispatcher from taking them twice.
  await db.prisma.webhookDelivery.updateMany({
    where: { id: { in: due.map((d) => d.id) }, leasedAt: null },
    data: { leasedAt: now, attempts: { increment: 1 }, lastAttemptAt: now },
  });
  return due.map((d) => ({ ...d, attempts: d.attempts + 1, leasedAt: now, lastAttemptAt: now }));
}

/** A restart's first step: attempts that were in flight when the process died are due again. */
export async function releaseLeases(db: Db, now: Date): Promise<number> {
  const { count } = await db.prisma.webhookDelivery.updateMany({
    where: { status: 'PENDING', leasedAt: { not: null } }, data: { leasedAt: null, nextAttemptAt: now },
  });
  return count;
}

export interface Settlement {
  id: string;
  status: DeliveryStatus;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
}

/** Records the outcome of attempts: successes in one statement per HTTP status, the rest one by one. */
export async function settle(db: Db, outcomes: readonly Settlement[], now: Date): Promise<void> {
  const delivered = new Map<number | null, string[]>();
  const others: Settlement[] = [];
  for (const o of outcomes) {
    if (o.status === 'DELIVERED') delivered.set(o.lastStatus, [...(delivered.get(o.lastStatus) ?? []), o.id]);
    else others.push(o);
  }
  for (const [lastStatus, ids] of delivered) {
    await db.prisma.webhookDelivery.updateMany({
      where: { id: { in: ids } }, data: { status: 'DELIVERED', deliveredAt: now, lastStatus, lastError: null, leasedAt: null },
    });
  }
  for (const o of others) {
    await db.prisma.webhookDelivery.update({
      where: { id: o.id },
      data: { status: o.status, lastStatus: o.lastStatus, lastError: o.lastError, nextAttemptAt: o.nextAttemptAt, leasedAt: null },
    });
  }
}
