/**
 * Whether a report is still current: the report as issued against what the same issuer would be
 * shown now (the owner rebuilds it with the issuer's principal and today's date). Only archive
 * records and the profile are compared; what follows from them (rating, sanctions) changes with
 * them. The answer names the record of the report that changed and why; a record added since is
 * named by its section only, since the report never disclosed it.
 */
import { canonicalize } from './canonical.ts';
import type { ReportDocument, ReportRecord } from './document.ts';

export type ChangeReason = 'CORRECTED' | 'WITHDRAWN' | 'REPAIRED' | 'EXPIRED' | 'ADDED';

export interface ReportChange {
  reason: ChangeReason;
  /** `profile` or a section key (`penalties`, `blackList`, …). */
  section: string;
  /** The record of the report that changed; null for the profile and for added records. */
  recordId: string | null;
}

/** Why a record of the report is no longer shown to its issuer (the owner looks at the record itself). */
export type ExplainMissing = (section: string, record: ReportRecord) => Promise<Exclude<ChangeReason, 'ADDED' | 'CORRECTED'>>;

/**
 * Fields that change without superseding anything: an objection being handled flags the record
 * (`underObjection`) but the record stands until the objection is decided.
 */
const VOLATILE = new Set(['underObjection']);

/** The disclosure a record moved to, when that is the change. */
const DISCLOSURE_REASONS: Record<string, ChangeReason> = { REPAIRED: 'REPAIRED', WITHDRAWN: 'WITHDRAWN', EXPIRED: 'EXPIRED' };

const stable = (r: ReportRecord) => canonicalize(Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k))));

export async function changesSince(
  issued: Pick<ReportDocument, 'profile' | 'sections'>,
  current: Pick<ReportDocument, 'profile' | 'sections'>,
  explainMissing: ExplainMissing,
): Promise<ReportChange[]> {
  const changes: ReportChange[] = [];
  if (canonicalize(issued.profile) !== canonicalize(current.profile)) changes.push({ reason: 'CORRECTED', section: 'profile', recordId: null });
  const now = new Map(current.sections.map((s) => [s.key, s]));
  for (const section of issued.sections) {
    const later = now.get(section.key);
    if (section.kind !== 'records' || !section.records || !later?.records) continue;
    const laterById = new Map(later.records.map((r) => [r.id, r]));
    for (const record of section.records) {
      const found = laterById.get(record.id);
      laterById.delete(record.id);
      if (!found) {
        changes.push({ reason: await explainMissing(section.key, record), section: section.key, recordId: record.id });
      } else if (stable(found) !== stable(record)) {
        const moved = found.disclosure !== record.disclosure ? DISCLOSURE_REASONS[String(found.disclosure)] : undefined;
        changes.push({ reason: moved ?? 'CORRECTED', section: section.key, recordId: record.id });
      }
    }
    for (let n = laterById.size; n > 0; n--) changes.push({ reason: 'ADDED', section: section.key, recordId: null });
  }
  return changes;
}
