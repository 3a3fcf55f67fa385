/** The credit workflows' types: columns map to fields by name; these derive the rest. */
import type {
  ListChangeResolvers, ObjectionResolvers, ObjectionStepResolvers, RepairApplicationResolvers,
} from '../../../codegen/enterprise.ts';
import { isOverdue } from '../../../lib/objections.ts';
import type { AppliedCorrection } from '../corrections.ts';
import { disclosureOf, isActiveListEntry } from '../rules.ts';

export const Objection: ObjectionResolvers = {
  overdue: (row, _args, ctx) => isOverdue(row, ctx.today),
  steps: (row, _args, ctx) => ctx.loaders.stepsByObjectionId.load(row.id),
};

export const ObjectionStep: ObjectionStepResolvers = {
  corrections: (row) => (row.detail ? (JSON.parse(row.detail) as AppliedCorrection[]) : []),
};

export const RepairApplication: RepairApplicationResolvers = {
  evidence: (row) => JSON.parse(row.evidence) as string[],
  overdue: (row, _args, ctx) => row.status === 'PENDING' && row.dueOn < ctx.today,
  routedTo: (row) => row.departmentCode,
  documents: (row) => (row.documents ? (JSON.parse(row.documents) as { requirement: string; reference: string }[]) : []),
};

export const ListChange: ListChangeResolvers = {
  entryId: (row) => row.listEntryId,
  subject: (row) => row.uscc,
  status: (row, _args, ctx) => disclosureOf(row, ctx.today),
  active: (row, _args, ctx) => isActiveListEntry(row, ctx.today),
};
