/**
 * Keys' lifecycle and institutions' plans: a key's label and expiry (operators), when gateways
 * last saw it (written in batches by gateway/key-usage.ts), and replacing an institution's plan.
 */
import { badUserInput, CreditGraphError } from '../../../lib/errors.ts';
import type { ApiKey, Institution } from '../../../prisma/generated/platform/sqlite/client.ts';
import { validatePlan } from '../institution-input.ts';
import type { Tx } from './client.ts';

const LABEL_MAX = 100;
const notFound = (what: string, id: string) => new CreditGraphError('NOT_FOUND', `No ${what} with id ${id}.`, { id });

/** Sets both the label (trimmed; null clears) and the expiry (null: never). */
export async function updateApiKey(db: Tx, id: string, change: { label: string | null; expiresAt: Date | null }): Promise<ApiKey> {
  const label = change.label === null ? null : change.label.trim();
  if (label !== null && (label.length === 0 || label.length > LABEL_MAX)) {
    throw badUserInput('API_KEY_LABEL', `label must be 1 to ${LABEL_MAX} characters (after trimming) or null; got ${label.length}`);
  }
  const { count } = await db.prisma.apiKey.updateMany({ where: { id }, data: { label, expiresAt: change.expiresAt } });
  const row = count > 0 ? await db.prisma.apiKey.findUnique({ where: { id } }) : null;
  if (!row) throw notFound('API key', id);
  return row;
}

/** Replaces the plan as a whole (absent rate or burst: the defaults). */
export async function updateInstitutionPlan(
  db: Tx, id: string, plan: { ratePerSecond: number; burst: number; dailyArchivePulls?: number | null; monthlyArchivePulls?: number | null; monthlyReports?: number | null },
): Promise<Institution> {
  const valid = validatePlan(plan);
  const { count } = await db.prisma.institution.updateMany({ where: { id }, data: valid });
  const row = count > 0 ? await db.prisma.institution.findUnique({ where: { id } }) : null;
  if (!row) throw notFound('institution', id);
  return row;
}

/** Records when keys (by prefix) were last seen; one statement per key, in one transaction per batch by the caller. */
export async function touchApiKeys(db: Tx, seen: ReadonlyMap<string, Date>): Promise<void> {
  for (const [prefix, at] of seen) {
    // Never moves lastUsedAt back (two gateways flushing out of order).
    await db.prisma.apiKey.updateMany({ where: { prefix, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } });
  }
}
