import { badUserInput } from '../../../lib/errors.ts';
import type { PersonResolvers } from '../../../codegen/person.ts';
import { disclose, grantFor, logDisclosure, requireSelf } from '../rules.ts';

/** Most entries a page of the access log holds. */
const MAX_PAGE = 100;

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (typeof at === 'string' && typeof id === 'string' && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // fall through
  }
  throw badUserInput('CURSOR', 'after must be a cursor returned by this field');
}

export const Person: PersonResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.personById.load(ref.id),

  /** Full name to whoever holds IDENTITY (self, a consent naming it, a statutory scope); else masked. */
  name: async (person, _args, ctx) => {
    const grant = await grantFor(ctx, person.id, 'IDENTITY');
    if (!grant) return person.nameMasked;
    await logDisclosure(ctx, person.id, 'IDENTITY', grant);
    return person.name;
  },

  /** The whole number only to the person themself; everybody else sees it masked. */
  idNumber: async (person, _args, ctx) => {
    const grant = await grantFor(ctx, person.id, 'IDENTITY');
    if (grant?.basis !== 'SELF') return person.idMasked;
    const whole = ctx.idNumbers.reveal(person.idCipher);
    await logDisclosure(ctx, person.id, 'IDENTITY', grant);
    return whole;
  },

  /**
   * Others see a penalty only while it is in its publicity period (no end date, or ending today or
   * later, China Standard Time); once publicity ends a
   * record is no longer shared; nor is one withdrawn (an upheld objection) or repaired (credit
   * repair granted, repair.ts): others see PUBLISHED ones only. The person sees all, marked.
   */
  penalties: (person, _args, ctx) =>
    disclose(ctx, person.id, 'PENALTIES', async (self) => {
      const rows = await ctx.loaders.penaltiesByPerson.load(person.id);
      if (self) return rows;
      const today = ctx.today;
      return rows.filter((r) => r.status === 'PUBLISHED' && (r.publicityEndDate === null || r.publicityEndDate >= today));
    }),

  /**
   * Others see only the cases that still list the person and are not withdrawn (an upheld
   * objection); the person sees their history too, withdrawn cases marked. A withdrawn case lists
   * nobody.
   */
  judgmentDebtor: (person, _args, ctx) =>
    disclose(ctx, person.id, 'JUDGMENT_DEBTOR', async (self) => {
      const rows = await ctx.loaders.judgmentCasesByPerson.load(person.id);
      const today = ctx.today;
      const current = rows.filter((r) => r.status !== 'WITHDRAWN' && (r.removedOn === null || r.removedOn > today));
      return { listed: current.length > 0, cases: self ? rows : current };
    }),

  honors: (person, _args, ctx) =>
    disclose(ctx, person.id, 'HONORS', () => ctx.loaders.honorsByPerson.load(person.id)),

  volunteerService: (person, _args, ctx) =>
    disclose(ctx, person.id, 'VOLUNTEER_SERVICE', async () => {
      const records = await ctx.loaders.volunteerByPerson.load(person.id);
      const totalHours = Math.round(records.reduce((sum, r) => sum + r.hours, 0) * 100) / 100;
      return { totalHours, records };
    }),

  integrity: (person, _args, ctx) =>
    disclose(ctx, person.id, 'INTEGRITY', async () => ({
      score: person.integrityScore,
      grade: person.integrityGrade,
      updatedOn: person.integrityUpdatedOn,
    })),

  /** Newest first, `first` (1-100) per page after the cursor `after`. Only the person sees it. */
  accessLog: async (person, { first, after }, ctx) => {
    await requireSelf(ctx, person.id);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
      throw badUserInput('FIRST', `first must be between 1 and ${MAX_PAGE}`);
    }
    const position = after == null ? null : decodeCursor(after);
    const rows = await ctx.loaders.accessLogByPerson.load({ personId: person.id, limit: first + 1, after: position });
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node.at, node.id), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  },

  consents: async (person, _args, ctx) => {
    await requireSelf(ctx, person.id);
    return ctx.loaders.consentsByPerson.load(person.id);
  },

  objections: async (person, _args, ctx) => {
    await requireSelf(ctx, person.id);
    return ctx.loaders.objectionsByPerson.load(person.id);
  },

  repairApplications: async (person, _args, ctx) => {
    await requireSelf(ctx, person.id);
    return ctx.loaders.repairsByPerson.load(person.id);
  },
};
