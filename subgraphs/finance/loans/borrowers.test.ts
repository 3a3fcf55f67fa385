import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALLER_HEADER, verifyCaller, type Caller } from '../../../lib/caller.ts';
import { borrowersFromEnterpriseSubgraph } from './borrowers.ts';

const SECRET = 'test-caller-signing-secret-0123456789abcdef';
const BANK: Caller = { principal: { kind: 'INSTITUTION', institutionId: 'i', institutionKind: 'FINANCIAL', institutionName: 'b', scopes: [] }, purpose: null, requestId: 'r' };
const seen: { caller: unknown; variables: unknown }[] = [];
let url = '';
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const { variables } = JSON.parse(body);
    seen.push({ caller: verifyCaller(String(req.headers[CALLER_HEADER]), body, SECRET), variables });
    const enterprise = variables.uscc === 'KNOWN' ? { overview: { industryCode: 'C', regionCode: '440306' } } : null;
    res.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { enterprise } }));
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('borrowersFromEnterpriseSubgraph', () => {
  it("asks the enterprise subgraph as the reporting bank, signed, for the enterprise's industry and region", async () => {
    const borrowers = borrowersFromEnterpriseSubgraph(() => url, SECRET);
    expect(await borrowers.profileOf(BANK, 'KNOWN')).toEqual({ industryCode: 'C', regionCode: '440306' });
    expect(await borrowers.profileOf(BANK, 'UNKNOWN')).toBeNull();
    expect(seen).toEqual([
      { caller: expect.objectContaining({ ok: true, caller: expect.objectContaining({ principal: BANK.principal }) }), variables: { uscc: 'KNOWN' } },
      { caller: expect.objectContaining({ ok: true, caller: expect.objectContaining({ principal: BANK.principal }) }), variables: { uscc: 'UNKNOWN' } },
    ]);
  });

  it('answers SUBGRAPH_UNAVAILABLE when the enterprise subgraph does not answer', async () => {
    const borrowers = borrowersFromEnterpriseSubgraph(() => 'http://127.0.0.1:1/graphql', SECRET);
    await expect(borrowers.profileOf(BANK, 'KNOWN')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'enterprise' } });
  });
});
