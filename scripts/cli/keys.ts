/** `keys issue | list | revoke | rotate`: institution API keys (the whole key is shown once). */
import {
  createApiKey, findApiKeysOfInstitutions, findInstitutions, revokeApiKey, rotateApiKey, type CreatedApiKey,
} from '../../subgraphs/platform/db/institutions.ts';
import { CliError, parseCommand, table, type CliContext, type Command } from './command.ts';

const SHOWN_ONCE = 'warning: this key is shown only once and never again (only its hash is stored): store it now.';

function printKey(ctx: CliContext, { row, key }: CreatedApiKey) {
  ctx.out(table(['ID', 'PREFIX', 'KEY'], [[row.id, row.prefix, key]]));
  ctx.err(SHOWN_ONCE);
}

const issue: Command = {
  usage: 'keys issue <institutionId>',
  summary: 'issue a new API key for an institution; prints the whole key, once',
  async run(ctx, args) {
    const { positionals: [institutionId] } = parseCommand(issue, args, {}, ['institutionId']);
    printKey(ctx, await createApiKey(await ctx.db(), institutionId!, ctx.now()));
  },
};

const list: Command = {
  usage: 'keys list <institutionId>',
  summary: "list an institution's keys, newest first: id, prefix, created, revoked (never a secret)",
  async run(ctx, args) {
    const { positionals: [institutionId] } = parseCommand(list, args, {}, ['institutionId']);
    const db = await ctx.db();
    if ((await findInstitutions(db, [institutionId!])).length === 0) throw new CliError(`No institution with id ${institutionId}.`);
    const keys = await findApiKeysOfInstitutions(db, [institutionId!]);
    if (keys.length === 0) { ctx.err(`institution ${institutionId} has no keys; issue one with: npm run cli -- keys issue ${institutionId}`); return; }
    ctx.out(table(['ID', 'PREFIX', 'CREATED', 'REVOKED'], keys.map((k) => [
      k.id, k.prefix, k.createdAt.toISOString(), k.revokedAt ? k.revokedAt.toISOString() : '-',
    ])));
  },
};

const revoke: Command = {
  usage: 'keys revoke <keyId>',
  summary: 'revoke a key at once (a key already revoked keeps its first revocation time)',
  async run(ctx, args) {
    const { positionals: [id] } = parseCommand(revoke, args, {}, ['keyId']);
    const row = await revokeApiKey(await ctx.db(), id!, ctx.now());
    ctx.out(`${row.id} revoked at ${row.revokedAt!.toISOString()}`);
  },
};

const rotate: Command = {
  usage: 'keys rotate <keyId>',
  summary: 'revoke a live key and issue its replacement for the same institution, in one step; prints the new key, once',
  async run(ctx, args) {
    const { positionals: [id] } = parseCommand(rotate, args, {}, ['keyId']);
    const created = await rotateApiKey(await ctx.db(), id!, ctx.now());
    ctx.err(`revoked ${id}`);
    printKey(ctx, created);
  },
};

export const commands: Record<string, Command> = { issue, list, revoke, rotate };
