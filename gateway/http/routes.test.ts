import { describe, expect, it } from '@jest/globals';
import { matchRoute, route } from './routes.ts';

const noop = () => undefined;

describe('the route table', () => {
  const routes = [
    route('GET', '/healthz', noop),
    route(['POST', 'put'], '/ingest/:item', noop),
    route('GET', '/reports/:number.pdf', noop),
    route('GET', '/console/*', noop),
  ];

  it('matches a path exactly, and names its methods in upper case', () => {
    expect(matchRoute(routes, '/healthz')?.route.path).toBe('/healthz');
    expect(matchRoute(routes, '/healthz/')).toBeNull();
    expect(matchRoute(routes, '/healthzz')).toBeNull();
    expect(matchRoute(routes, '/ingest/x')?.route.methods).toEqual(['POST', 'PUT']);
  });

  it('binds :name to one decoded segment, with a literal suffix after it', () => {
    expect(matchRoute(routes, '/ingest/%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A')?.params).toEqual({ item: '行政处罚' });
    expect(matchRoute(routes, '/ingest/a/b')).toBeNull();
    expect(matchRoute(routes, '/reports/CR-2026-0001.pdf')?.params).toEqual({ number: 'CR-2026-0001' });
    expect(matchRoute(routes, '/reports/CR-2026-0001.json')).toBeNull();
    expect(matchRoute(routes, '/ingest/%E8')).toBeNull();
  });

  it('gives a final * the rest of the path', () => {
    expect(matchRoute(routes, '/console/objections/42')?.params).toEqual({ rest: 'objections/42' });
    expect(matchRoute(routes, '/console/')?.params).toEqual({ rest: '' });
  });
});
