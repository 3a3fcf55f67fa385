import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { CreditGraphError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import { createErrorFormatter } from './format-error.ts';

const logged: unknown[] = [];
const logger = createLogger({ name: 'test', level: 'error', destination: { write: (s: string) => { logged.push(s); return true; } } as never });
const format = createErrorFormatter(logger);
const LEAK = /SELECT|prisma|\.ts:\d+|\/work\//i;

describe('createErrorFormatter', () => {
  it('answers an unexpected error with no SQL, query, path or source line, and logs it', () => {
    const inner = new Error('Invalid `prisma.usageBucket.findMany()` invocation in /work/app/subgraphs/platform/db/usage.ts:42:7\n  41 | SELECT "id" FROM "UsageBucket" WHERE "institutionId" = \'inst-1\'');
    const out = format({ message: `Unexpected error: ${inner.message}`, path: ['usage'] }, new GraphQLError(inner.message, { originalError: inner }));
    expect(out).toEqual({ message: 'Internal server error: details are in the server log.', path: ['usage'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged.join('')).toContain('usageBucket');
  });

  it('masks a subgraph\'s own INTERNAL_SERVER_ERROR the same way, keeping which subgraph', () => {
    const out = format({ message: 'Internal server error: SELECT * FROM "Person" at /work/x.ts:1:2', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'person' } }, new Error('x'));
    expect(JSON.stringify(out)).not.toMatch(LEAK);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', serviceName: 'person' });
  });

  it('keeps our codes and Apollo\'s, without http or stack', () => {
    const e = new CreditGraphError('FORBIDDEN', 'no');
    expect(format({ message: 'no', extensions: { code: 'FORBIDDEN', http: { status: 200 }, stacktrace: ['x'] } }, e)).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });

  it('gives a limit reported during validation its own code back', () => {
    const limit = new CreditGraphError('QUERY_TOO_COMPLEX', 'too deep', { limit: 'MAX_DEPTH', http: { status: 400 } });
    const wrapped = new GraphQLError(limit.message, { originalError: limit, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped).extensions)
      .toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'MAX_DEPTH' });
  });

  it('answers Apollo\'s own refusal of a request (a persisted query\'s hash not the query\'s) as BAD_REQUEST, not logged as an error', () => {
    logged.length = 0;
    const refused = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400, headers: new Map() } } });
    expect(format({ message: 'provided sha does not match query', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, refused))
      .toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
    expect(logged).toEqual([]);
  });
});
