/**
 * `webhooks list | deliveries | dead-letters | replay | replay-dead`: an operator's view of the
 * monitoring webhooks and their outbox. A replay queues the message again (same webhook-id, a new
 * 24 h retry window); the running platform subgraph's dispatcher sends it within its poll interval.
 */
import { DEFAULT_RETRY_WINDOW_MS } from '../../subgraphs/platform/config.ts';
import {
  deliveryLog, findDelivery, replayDead, replayDelivery, webhooksOf, type DeliveryStatus, type WebhookDelivery,
} from '../../subgraphs/platform/db/webhooks.ts';
import { CliError, integer, parseCommand, table, usageError, type CliContext, type Command } from './command.ts';

const STATUSES: readonly DeliveryStatus[] = ['PENDING', 'DELIVERED', 'DEAD', 'SUPPRESSED'];
const iso = (d: Date | null) => (d ? d.toISOString() : '-');

function printDeliveries(ctx: CliContext, rows: WebhookDelivery[]) {
  if (rows.length === 0) { ctx.err('no deliveries'); return; }
  ctx.out(table(['ID', 'WEBHOOK', 'INSTITUTION', 'EVENT', 'STATUS', 'ATTEMPTS', 'CREATED', 'LAST ATTEMPT', 'LAST ERROR'], rows.map((d) => [
    d.id, d.webhookId, d.institutionId, String(d.seq), d.status, String(d.attempts), iso(d.createdAt), iso(d.lastAttemptAt),
    d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '-'),
  ])));
}

const list: Command = {
  usage: 'webhooks list <institutionId>',
  summary: "list an institution's webhooks: id, url, events, created (never a secret)",
  async run(ctx, args) {
    const { positionals: [institutionId] } = parseCommand(list, args, {}, ['institutionId']);
    const rows = await webhooksOf(await ctx.db(), institutionId!);
    if (rows.length === 0) { ctx.err(`institution ${institutionId} has no webhooks`); return; }
    ctx.out(table(['ID', 'URL', 'EVENTS', 'CREATED'], rows.map((w) => [w.id, w.url, w.events || '(all)', iso(w.createdAt)])));
  },
};

const deliveryOptions = { institution: { type: 'string' }, webhook: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' } } as const;

async function showDeliveries(command: Command, ctx: CliContext, args: string[], fixed?: DeliveryStatus) {
  const { values } = parseCommand(command, args, deliveryOptions);
  const status = fixed ?? (values.status?.toUpperCase() as DeliveryStatus | undefined);
  if (status && !STATUSES.includes(status)) throw usageError(`--status must be one of ${STATUSES.join(', ')}`, command.usage);
  const limit = integer(command, values, 'limit') ?? 50;
  printDeliveries(ctx, await deliveryLog(await ctx.db(), { institutionId: values.institution, webhookId: values.webhook, status }, limit, null));
}

const deliveries: Command = {
  usage: 'webhooks deliveries [--institution ID] [--webhook ID] [--status PENDING|DELIVERED|DEAD|SUPPRESSED] [--limit N]',
  summary: 'the delivery log, newest first (default 50)',
  run: (ctx, args) => showDeliveries(deliveries, ctx, args),
};

const deadLetters: Command = {
  usage: 'webhooks dead-letters [--institution ID] [--webhook ID] [--limit N]',
  summary: 'messages whose every attempt over the retry window failed, newest first',
  run: (ctx, args) => showDeliveries(deadLetters, ctx, args, 'DEAD'),
};

const replay: Command = {
  usage: 'webhooks replay <deliveryId>',
  summary: 'queue one dead (or delivered) message again, with its webhook-id',
  async run(ctx, args) {
    const { positionals: [id] } = parseCommand(replay, args, {}, ['deliveryId']);
    const db = await ctx.db();
    if (!(await findDelivery(db, id!))) throw new CliError(`No webhook delivery with id ${id}.`);
    const now = ctx.now();
    const row = await replayDelivery(db, id!, now, new Date(now.getTime() + DEFAULT_RETRY_WINDOW_MS));
    ctx.out(`${row.id} queued again (${row.status})`);
  },
};

const replayDeadLetters: Command = {
  usage: 'webhooks replay-dead <webhookId>',
  summary: "queue every dead letter of a webhook again, with their webhook-ids",
  async run(ctx, args) {
    const { positionals: [webhookId] } = parseCommand(replayDeadLetters, args, {}, ['webhookId']);
    const now = ctx.now();
    const n = await replayDead(await ctx.db(), { webhookId: webhookId! }, now, new Date(now.getTime() + DEFAULT_RETRY_WINDOW_MS));
    ctx.out(`${n} dead letter(s) of ${webhookId} queued again`);
  },
};

export const commands: Record<string, Command> = {
  list, deliveries, 'dead-letters': deadLetters, replay, 'replay-dead': replayDeadLetters,
};
