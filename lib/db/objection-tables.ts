/**
 * The two writes every subgraph's objection tables take (the enterprise's `Objection` and the
 * person's `PersonObjection`, each with its table of steps): open a case with its FILED step, and
 * move a case on with a step. A subgraph's `db/objections.ts` hands in its two Prisma delegates;
 * the rules of the workflow are in lib/objections.ts. State changes are conditional updates: a
 * lost race changes nothing.
 */

/** What the writes need of a case table and its steps table (a subgraph's Prisma delegates). */
export interface ObjectionTables<Row, Create, Where, Update, Step> {
  cases: {
    findUnique(args: { where: { id: string } | { openKey: string } }): PromiseLike<Row | null>;
    create(args: { data: Create }): PromiseLike<Row>;
    updateMany(args: { where: Where; data: Update }): PromiseLike<{ count: number }>;
  };
  steps: {
    create(args: { data: Step & { objectionId: string; position: number } }): PromiseLike<unknown>;
    count(args: { where: { objectionId: string } }): PromiseLike<number>;
  };
}

/** Creates a case with its FILED step; null when the record already has an open one (`openKey`). */
export async function insertCase<Row extends { id: string }, Create extends { openKey?: string | null }, Where, Update, Step>(
  tables: ObjectionTables<Row, Create, Where, Update, Step>, data: Create, step: Step,
): Promise<Row | null> {
  if (await tables.cases.findUnique({ where: { openKey: data.openKey! } })) return null;
  const row = await tables.cases.create({ data });
  await tables.steps.create({ data: { ...step, objectionId: row.id, position: 1 } });
  return row;
}

/**
 * Moves case `id` from `fromStatus` (and `extraWhere`) with `data`, appending `step`; null when it
 * is no longer so (another operator acted first).
 */
export async function advanceCase<Row, Create, Where extends object, Update, Step>(
  tables: ObjectionTables<Row, Create, Where, Update, Step>, id: string, fromStatus: string, extraWhere: Where, data: Update, step: Step,
): Promise<Row | null> {
  const { count } = await tables.cases.updateMany({ where: { id, status: fromStatus, ...extraWhere }, data });
  if (count === 0) return null;
  const position = (await tables.steps.count({ where: { objectionId: id } })) + 1;
  await tables.steps.create({ data: { ...step, objectionId: id, position } });
  return tables.cases.findUnique({ where: { id } });
}
