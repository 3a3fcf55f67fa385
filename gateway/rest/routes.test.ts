import { describe, expect, it } from '@jest/globals';
import type { CompiledEndpoint } from './openapi.ts';
import { restAnswer } from './routes.ts';

const endpoint = { operation: 'Shop', method: 'GET', path: '/rest/v1/shops/{id}', summary: '', query: '', field: 'shop', variables: [] } as CompiledEndpoint;
const graphql = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, body: JSON.stringify(body) });
const rest = (status: number, body: unknown, headers?: Record<string, string>) => {
  const a = restAnswer(endpoint, graphql(status, body, headers));
  return { status: a.status, body: JSON.parse(a.body.toString()), headers: a.headers };
};
const error = (code: string, path?: string[]) => ({ message: code, ...(path ? { path } : {}), extensions: { code } });

describe('restAnswer', () => {
  it('answers the root field\'s value as data, with the errors of fields withheld beneath it', () => {
    expect(rest(200, { data: { shop: { id: '1' } } }).body).toEqual({ data: { id: '1' } });
    const partial = rest(200, { data: { shop: { id: '1', owner: null } }, errors: [error('FORBIDDEN', ['shop', 'owner'])] });
    expect(partial).toMatchObject({ status: 200, body: { data: { id: '1', owner: null }, errors: [error('FORBIDDEN', ['shop', 'owner'])] } });
  });

  it('answers a root field withheld or refused with the status of its code', () => {
    expect(rest(200, { data: { shop: null }, errors: [error('FORBIDDEN', ['shop'])] }).status).toBe(403);
    expect(rest(200, { data: { shop: null }, errors: [error('BAD_USER_INPUT', ['shop'])] }).status).toBe(400);
    expect(rest(200, { data: { shop: null }, errors: [error('SUBGRAPH_UNAVAILABLE', ['shop'])] }).status).toBe(503);
    expect(rest(200, { data: { shop: null }, errors: [error('INTERNAL_SERVER_ERROR', ['shop'])] }).status).toBe(500);
    const unauthenticated = rest(200, { data: null, errors: [error('UNAUTHENTICATED')] });
    expect([unauthenticated.status, unauthenticated.headers['www-authenticate']]).toEqual([401, 'Bearer']);
  });

  it('answers 404 NOT_FOUND when the root field is null without an error', () => {
    expect(rest(200, { data: { shop: null } })).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
  });

  it('keeps the status and headers of a request refused before execution (Retry-After with a 429)', () => {
    const refused = rest(429, { errors: [error('RATE_LIMITED')] }, { 'retry-after': '3', 'content-type': 'application/graphql-response+json' });
    expect(refused).toMatchObject({ status: 429, body: { errors: [error('RATE_LIMITED')] }, headers: { 'retry-after': '3', 'content-type': 'application/json; charset=utf-8' } });
  });
});
