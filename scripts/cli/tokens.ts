/**
 * `tokens mint`: a bearer token from the demo identity provider (its private key in
 * `$DATA_DIR/idp-demo-key.json`). Refused in production: tokens there come from the real provider.
 */
import { join } from 'node:path';
import { validateUscc } from '../../lib/identifiers/uscc.ts';
import { loadOrCreateDemoProvider, mintToken, type TokenSubjectKind } from '../../lib/tokens.ts';
import { CliError, integer, parseCommand, required, usageError, type Command } from './command.ts';

const KINDS: readonly TokenSubjectKind[] = ['PERSON', 'ENTERPRISE', 'OPERATOR'];
export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;
const ID_NUMBER = /^\d{17}[\dXx]$/;

const mint: Command = {
  usage: 'tokens mint --kind PERSON|ENTERPRISE|OPERATOR --subject S [--ttl SECONDS]',
  summary: `mint a demo bearer token (PERSON: opaque person id; ENTERPRISE: USCC; OPERATOR: operator id; default ttl ${DEFAULT_TTL_SECONDS} s); not in production`,
  async run(ctx, args) {
    const { values } = parseCommand(mint, args, { kind: { type: 'string' }, subject: { type: 'string' }, ttl: { type: 'string' } });
    if (ctx.env.NODE_ENV === 'production') {
      throw new CliError('tokens mint is refused in production (NODE_ENV=production): tokens there come from the real identity provider.');
    }
    const kind = required(mint, values, 'kind');
    if (!(KINDS as readonly string[]).includes(kind)) throw usageError(`--kind must be one of ${KINDS.join(', ')}; got ${JSON.stringify(kind)}`, mint.usage);
    let subject = required(mint, values, 'subject').trim();
    if (kind === 'ENTERPRISE') {
      const check = validateUscc(subject);
      if (!check.ok) throw usageError(`--subject must be the enterprise's USCC: ${check.message}`, mint.usage);
      subject = check.uscc;
    }
    if (kind === 'PERSON' && ID_NUMBER.test(subject)) {
      throw usageError('--subject must be the opaque person id, never a resident ID number', mint.usage);
    }
    const ttlSeconds = integer(mint, values, 'ttl') ?? DEFAULT_TTL_SECONDS;
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw usageError(`--ttl must be between 1 and ${MAX_TTL_SECONDS} seconds; got ${ttlSeconds}`, mint.usage);
    }
    const idp = await loadOrCreateDemoProvider(join(await ctx.dataDir(), 'idp-demo-key.json'));
    const token = await mintToken(idp.privateJwk, {
      kind: kind as TokenSubjectKind,
      subject,
      issuer: ctx.env.JWT_ISSUER ?? 'creditgraph-demo-idp',
      audience: ctx.env.JWT_AUDIENCE ?? 'creditgraph',
      ttlSeconds,
    });
    ctx.out(token);
    ctx.err(`${kind} ${subject}, valid ${ttlSeconds} s: send it as "Authorization: Bearer <token>"`);
  },
};

export const commands: Record<string, Command> = { mint };
