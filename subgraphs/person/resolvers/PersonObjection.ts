import type { PersonObjectionResolvers } from '../../../codegen/person.ts';
import { isOverdue } from '../../../lib/objections.ts';

/** Columns map to fields by name; these derive the rest. */
export const PersonObjection: PersonObjectionResolvers = {
  overdue: (row, _args, ctx) => isOverdue(row, ctx.today),
  steps: (row, _args, ctx) => ctx.loaders.stepsByObjectionId.load(row.id),
};
