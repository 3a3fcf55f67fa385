/** `institutions list | register | suspend | activate`: the data-consumer institutions and their plans. */
import type { Institution } from '../../prisma/generated/platform/sqlite/client.ts';
import { createInstitution, listInstitutions, setInstitutionStatus } from '../../subgraphs/platform/db/institutions.ts';
import { parseScopes } from '../../subgraphs/platform/institution-input.ts';
import { integer, parseCommand, required, table, type Command } from './command.ts';

const unlimited = (n: number | null) => (n === null ? 'unlimited' : String(n));

export const planText = (i: Institution) =>
  `${i.ratePerSecond}/s burst ${i.burst}, day ${unlimited(i.dailyArchivePulls)}, month ${unlimited(i.monthlyArchivePulls)}, reports ${unlimited(i.monthlyReports)}`;

const list: Command = {
  usage: 'institutions list',
  summary: 'list every institution: id, kind, status, name, scopes and plan (archive pulls per CST day and month, credit reports per CST month)',
  async run(ctx, args) {
    parseCommand(list, args, {});
    const rows = await listInstitutions(await ctx.db());
    if (rows.length === 0) { ctx.err('no institutions registered'); return; }
    ctx.out(table(['ID', 'KIND', 'STATUS', 'NAME', 'SCOPES', 'PLAN'], rows.map((i) => [
      i.id, i.kind, i.status, i.name, parseScopes(i.scopes).join(' ') || '-', planText(i),
    ])));
  },
};

const register: Command = {
  usage: 'institutions register --name N --kind K [--scopes "a b"] [--rate 100] [--burst 200] [--daily N] [--monthly N] [--reports N]',
  summary: 'register an ACTIVE institution (kind GOVERNMENT | INDUSTRY_ASSOCIATION | FINANCIAL | CREDIT_SERVICE | PARTNER_CITY); prints its id',
  async run(ctx, args) {
    const { values } = parseCommand(register, args, {
      name: { type: 'string' }, kind: { type: 'string' }, scopes: { type: 'string' },
      rate: { type: 'string' }, burst: { type: 'string' }, daily: { type: 'string' }, monthly: { type: 'string' },
      reports: { type: 'string' },
    });
    const row = await createInstitution(await ctx.db(), {
      name: required(register, values, 'name'),
      kind: required(register, values, 'kind'),
      scopes: (values.scopes ?? '').split(/\s+/).filter(Boolean),
      ratePerSecond: integer(register, values, 'rate'),
      burst: integer(register, values, 'burst'),
      dailyArchivePulls: integer(register, values, 'daily'),
      monthlyArchivePulls: integer(register, values, 'monthly'),
      monthlyReports: integer(register, values, 'reports'),
    }, ctx.now());
    ctx.out(row.id);
    ctx.err(`registered ${row.kind} institution "${row.name}" (${planText(row)}); issue it a key with: npm run cli -- keys issue ${row.id}`);
  },
};

const status = (name: 'suspend' | 'activate', to: 'SUSPENDED' | 'ACTIVE'): Command => {
  const command: Command = {
    usage: `institutions ${name} <id>`,
    summary: to === 'SUSPENDED'
      ? 'suspend an institution: every key it holds stops working (within the gateway key cache, API_KEY_CACHE_MS)'
      : 'reactivate a suspended institution',
    async run(ctx, args) {
      const { positionals: [id] } = parseCommand(command, args, {}, ['id']);
      const row = await setInstitutionStatus(await ctx.db(), id!, to);
      ctx.out(`${row.id} ${row.status}`);
    },
  };
  return command;
};

export const commands: Record<string, Command> = {
  list,
  register,
  suspend: status('suspend', 'SUSPENDED'),
  activate: status('activate', 'ACTIVE'),
};
