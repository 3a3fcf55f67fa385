import type { MutationResolvers } from '../../../codegen/enterprise.ts';
import { markCommitmentBroken, markCommitmentFulfilled, recordCommitment } from '../commitments.ts';
import { decideObjection, extendObjection, fileObjection, routeObjection } from '../objections.ts';
import { applyForRepair, decideRepair, extendRepair } from '../repair.ts';

/** The credit workflows: each mutation is one workflow step (objections.ts, repair.ts, commitments.ts). */
export const Mutation: MutationResolvers = {
  fileObjection: (_p, args, ctx) => fileObjection(ctx, args),
  routeObjection: (_p, args, ctx) => routeObjection(ctx, args),
  extendObjection: (_p, args, ctx) => extendObjection(ctx, args),
  decideObjection: (_p, args, ctx) => decideObjection(ctx, args),
  applyForRepair: (_p, args, ctx) => applyForRepair(ctx, args),
  extendRepair: (_p, args, ctx) => extendRepair(ctx, args),
  decideRepair: (_p, args, ctx) => decideRepair(ctx, args),
  recordCommitment: (_p, args, ctx) => recordCommitment(ctx, args),
  markCommitmentBroken: (_p, args, ctx) => markCommitmentBroken(ctx, args),
  markCommitmentFulfilled: (_p, args, ctx) => markCommitmentFulfilled(ctx, args),
};
