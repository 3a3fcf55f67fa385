import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseApiKey, secretMatches } from '../../lib/api-keys.ts';
import type { Principal } from '../../lib/caller.ts';
import { createApiKey, createInstitution, findApiKeyByPrefix } from './db/institutions.ts';
import { startTestSubgraph, type TestSubgraph } from './test-support.ts';

const T0 = new Date('2026-03-01T08:00:00.000Z');
let clock = T0;
const at = (iso: string) => { clock = new Date(iso); };

const OPERATOR: Principal = { kind: 'OPERATOR', operatorId: 'op-1' };
const BANK: Principal = { kind: 'INSTITUTION', institutionId: 'inst-bank', institutionKind: 'FINANCIAL', institutionName: '甲商业银行', scopes: ['loans:read', 'person:penalties'] };
const GOV: Principal = { kind: 'INSTITUTION', institutionId: 'inst-gov', institutionKind: 'GOVERNMENT', institutionName: '湖州市市场监督管理局', scopes: ['loans:read'] };
const PERSON: Principal = { kind: 'PERSON', personId: 'person-opaque-1' };
const ENTERPRISE: Principal = { kind: 'ENTERPRISE', uscc: '91330500MA2B3C4D5E' };
const ANONYMOUS: Principal = { kind: 'ANONYMOUS' };

const BANK_ROW = { id: 'inst-bank', name: '甲商业银行', kind: 'FINANCIAL', status: 'ACTIVE', scopes: ['loans:read', 'person:penalties'], createdAt: '2026-01-01T00:00:00.000Z' };
const GOV_ROW = { id: 'inst-gov', name: '湖州市市场监督管理局', kind: 'GOVERNMENT', status: 'ACTIVE', scopes: ['loans:read'], createdAt: '2026-01-02T00:00:00.000Z' };
const INSTITUTION_FIELDS = 'id name kind status scopes createdAt';
const MANY = Array.from({ length: 50 }, (_, i) => `inst-m${String(i).padStart(2, '0')}`);

let sg: TestSubgraph;
let bankKeyId: string;

beforeAll(async () => {
  sg = await startTestSubgraph({ now: () => clock });
  await createInstitution(sg.db, { id: 'inst-bank', name: '  甲商业银行 ', kind: 'FINANCIAL', scopes: ['loans:read', 'person:penalties'], dailyArchivePulls: 5000 }, new Date(BANK_ROW.createdAt));
  await createInstitution(sg.db, { id: 'inst-gov', name: '湖州市市场监督管理局', kind: 'GOVERNMENT', scopes: ['loans:read'] }, new Date(GOV_ROW.createdAt));
  bankKeyId = (await createApiKey(sg.db, 'inst-bank', new Date('2026-01-05T00:00:00.000Z'))).row.id;
  for (const [i, id] of MANY.entries()) {
    await createInstitution(sg.db, { id, name: `第${i}合作城市`, kind: 'PARTNER_CITY' }, new Date(Date.UTC(2026, 1, 1, 0, i)));
    await createApiKey(sg.db, id, new Date(Date.UTC(2026, 1, 2, 0, i)));
  }
});

afterAll(async () => {
  await sg?.close();
});

beforeEach(() => {
  clock = T0;
  sg.resetStatements();
});

const forbiddenAt = (...path: (string | number)[]) => expect.objectContaining({ path, extensions: { code: 'FORBIDDEN' } });

describe('Query.me', () => {
  const ME = `{ me { kind scopes institution { ${INSTITUTION_FIELDS} } person { id } enterprise { uscc } } }`;

  it('describes an institution caller with its record and its scopes plus its kind scope', async () => {
    expect(await sg.query(ME, {}, BANK)).toEqual({
      status: 200,
      body: { data: { me: { kind: 'INSTITUTION', scopes: ['loans:read', 'person:penalties', 'institution:financial'], institution: BANK_ROW, person: null, enterprise: null } } },
    });
  });

  it.each<[string, Principal, object]>([
    ['the anonymous public', ANONYMOUS, { kind: 'ANONYMOUS', scopes: [], institution: null, person: null, enterprise: null }],
    ['a person, as a Person reference', PERSON, { kind: 'PERSON', scopes: ['person:self'], institution: null, person: { id: 'person-opaque-1' }, enterprise: null }],
    ['an enterprise, as an Enterprise reference', ENTERPRISE, { kind: 'ENTERPRISE', scopes: ['enterprise:self'], institution: null, person: null, enterprise: { uscc: '91330500MA2B3C4D5E' } }],
    ['an operator', OPERATOR, { kind: 'OPERATOR', scopes: ['operator'], institution: null, person: null, enterprise: null }],
  ])('describes %s without reading the database', async (_who, principal, me) => {
    expect((await sg.query(ME, {}, principal)).body).toEqual({ data: { me } });
    expect(sg.statements).toEqual([]);
  });
});

describe('Query.institutions', () => {
  it('lists every institution, oldest first, to an operator', async () => {
    const res = await sg.query(`{ institutions { ${INSTITUTION_FIELDS} } }`, {}, OPERATOR);
    expect(res.body.errors).toBeUndefined();
    const list = (res.body.data as { institutions: { id: string }[] }).institutions;
    expect(list.slice(0, 3)).toEqual([
      BANK_ROW,
      GOV_ROW,
      { id: 'inst-m00', name: '第0合作城市', kind: 'PARTNER_CITY', status: 'ACTIVE', scopes: [], createdAt: '2026-02-01T00:00:00.000Z' },
    ]);
    expect(list.map((i) => i.id)).toEqual(expect.arrayContaining(MANY));
  });

  it.each<[string, Principal]>([['an institution', BANK], ['an enterprise', ENTERPRISE], ['the anonymous public', ANONYMOUS]])(
    'returns null with FORBIDDEN to %s',
    async (_who, principal) => {
      const res = await sg.query('{ institutions { id } }', {}, principal);
      expect(res.body).toEqual({ data: { institutions: null }, errors: [forbiddenAt('institutions')] });
      expect(sg.statements).toEqual([]);
    },
  );
});

describe('Query.institution', () => {
  const ONE = `query ($id: ID!) { institution(id: $id) { ${INSTITUTION_FIELDS} plan { ratePerSecond burst dailyArchivePulls monthlyArchivePulls } apiKeys { id prefix createdAt revokedAt } } }`;

  it('shows an institution itself its record, plan and keys', async () => {
    const res = await sg.query(ONE, { id: 'inst-bank' }, BANK);
    const key = await sg.db.prisma.apiKey.findUniqueOrThrow({ where: { id: bankKeyId } });
    expect(res.body).toEqual({
      data: {
        institution: {
          ...BANK_ROW,
          plan: { ratePerSecond: 100, burst: 200, dailyArchivePulls: 5000, monthlyArchivePulls: null },
          apiKeys: [{ id: bankKeyId, prefix: key.prefix, createdAt: '2026-01-05T00:00:00.000Z', revokedAt: null }],
        },
      },
    });
  });

  it('shows any institution to an operator, and null for an unknown id', async () => {
    const res = await sg.query(`query ($id: ID!) { institution(id: $id) { id apiKeys { id } } }`, { id: 'inst-gov' }, OPERATOR);
    expect(res.body).toEqual({ data: { institution: { id: 'inst-gov', apiKeys: [] } } });
    expect((await sg.query(ONE, { id: 'inst-nope' }, OPERATOR)).body).toEqual({ data: { institution: null } });
  });

  it('returns FORBIDDEN to another institution, whether or not the id exists', async () => {
    for (const id of ['inst-bank', 'inst-nope']) {
      const res = await sg.query(ONE, { id }, GOV);
      expect(res.body).toEqual({ data: { institution: null }, errors: [forbiddenAt('institution')] });
    }
    expect(sg.statements).toEqual([]);
  });
});

describe('Institution references', () => {
  const ENTITIES = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { id name apiKeys { createdAt } } } }';
  const refs = (ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Institution', id })) });

  it('resolves name and kind for anyone but withholds the plan and keys of another institution', async () => {
    const res = await sg.query('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Institution { name kind plan { burst } apiKeys { id } } } }', refs(['inst-bank', 'inst-nope']), PERSON);
    expect(res.body.data).toEqual({ _entities: [{ name: '甲商业银行', kind: 'FINANCIAL', plan: null, apiKeys: null }, null] });
    expect(res.body.errors).toEqual([forbiddenAt('_entities', 0, 'plan'), forbiddenAt('_entities', 0, 'apiKeys')]);
  });

  it('costs the same statements for 50 institutions with their keys as for 5', async () => {
    const run = async (ids: string[]) => {
      sg.resetStatements();
      const res = await sg.query(ENTITIES, refs(ids), OPERATOR);
      expect(res.body.errors).toBeUndefined();
      const entities = (res.body.data as { _entities: unknown[] })._entities;
      expect(entities).toHaveLength(ids.length);
      expect(entities[4]).toEqual({ id: 'inst-m04', name: '第4合作城市', apiKeys: [{ createdAt: '2026-02-02T00:04:00.000Z' }] });
      return sg.statements.length;
    };
    const five = await run(MANY.slice(0, 5));
    const fifty = await run(MANY);
    expect(five).toBe(2); // institutions, keys
    expect(fifty).toBe(five);
  });
});

describe('Mutation.registerInstitution', () => {
  const REGISTER = `mutation ($input: RegisterInstitutionInput!) { registerInstitution(input: $input) { ${INSTITUTION_FIELDS} plan { ratePerSecond burst dailyArchivePulls monthlyArchivePulls } apiKeys { id } } }`;

  it('registers an ACTIVE institution with a trimmed name, deduplicated scopes and the default plan', async () => {
    const res = await sg.query(REGISTER, { input: { name: ' 丁征信有限公司 ', kind: 'CREDIT_SERVICE', scopes: ['archive:read', 'archive:read', 'x-1'] } }, OPERATOR);
    expect(res.body.errors).toBeUndefined();
    const created = (res.body.data as { registerInstitution: { id: string } }).registerInstitution;
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '丁征信有限公司', kind: 'CREDIT_SERVICE', status: 'ACTIVE', scopes: ['archive:read', 'x-1'], createdAt: T0.toISOString(),
      plan: { ratePerSecond: 100, burst: 200, dailyArchivePulls: null, monthlyArchivePulls: null },
      apiKeys: [],
    });
    expect(await sg.db.prisma.institution.findUnique({ where: { id: created.id } })).toMatchObject({ scopes: 'archive:read x-1' });
  });

  it('takes the plan it is given', async () => {
    const res = await sg.query(REGISTER, { input: { name: '戊市信用中心', kind: 'PARTNER_CITY', ratePerSecond: 5, burst: 10, dailyArchivePulls: 0, monthlyArchivePulls: 3000 } }, OPERATOR);
    expect((res.body.data as { registerInstitution: { plan: unknown } }).registerInstitution.plan)
      .toEqual({ ratePerSecond: 5, burst: 10, dailyArchivePulls: 0, monthlyArchivePulls: 3000 });
  });

  it.each<[string, object, string]>([
    ['an empty name', { name: '   ' }, 'INSTITUTION_NAME'],
    ['a name over 200 characters', { name: '银'.repeat(201) }, 'INSTITUTION_NAME'],
    ['an upper-case scope', { scopes: ['Loans:read'] }, 'SCOPE_FORMAT'],
    ['a scope with a space', { scopes: ['loans read'] }, 'SCOPE_FORMAT'],
    ['the operator scope', { scopes: ['operator'] }, 'SCOPE_RESERVED'],
    ['a derived institution-kind scope', { scopes: ['institution:government'] }, 'SCOPE_RESERVED'],
    ['a zero rate', { ratePerSecond: 0 }, 'PLAN_LIMIT'],
    ['a negative daily quota', { dailyArchivePulls: -1 }, 'PLAN_LIMIT'],
  ])('refuses %s with BAD_USER_INPUT and inserts nothing', async (_what, patch, reason) => {
    const before = await sg.db.prisma.institution.count();
    const res = await sg.query(REGISTER, { input: { name: '己银行', kind: 'FINANCIAL', ...patch } }, OPERATOR);
    expect(res.body).toEqual({
      data: { registerInstitution: null },
      errors: [expect.objectContaining({ path: ['registerInstitution'], extensions: { code: 'BAD_USER_INPUT', reason } })],
    });
    expect(await sg.db.prisma.institution.count()).toBe(before);
  });

  it('refuses a kind outside the enum before executing anything', async () => {
    const res = await sg.query(REGISTER, { input: { name: '庚公司', kind: 'BANK' } }, OPERATOR);
    expect(res.body.data ?? null).toBeNull();
    // Behind the gateway the supergraph refuses it first; here the subgraph still executes nothing.
    expect(res.body.errors).toHaveLength(1);
    expect(sg.statements).toEqual([]);
  });
});

describe('API key mutations', () => {
  const ISSUE = 'mutation ($id: ID!) { issueApiKey(institutionId: $id) { id prefix key createdAt } }';
  const REVOKE = 'mutation ($id: ID!) { revokeApiKey(id: $id) { id prefix createdAt revokedAt } }';
  const ROTATE = 'mutation ($id: ID!) { rotateApiKey(id: $id) { id prefix key createdAt } }';
  type Issued = { id: string; prefix: string; key: string; createdAt: string };
  const issue = async (institutionId: string): Promise<Issued> => {
    const res = await sg.query(ISSUE, { id: institutionId }, OPERATOR);
    expect(res.body.errors).toBeUndefined();
    return (res.body.data as { issueApiKey: Issued }).issueApiKey;
  };

  it('issues a key shown once whose secret is stored only as a hash and which authenticates by prefix', async () => {
    const issued = await issue('inst-gov');
    expect(issued).toEqual({ id: expect.any(String), prefix: expect.stringMatching(/^[A-Za-z0-9]{12}$/), key: expect.stringMatching(/^cg_/), createdAt: T0.toISOString() });
    const parsed = parseApiKey(issued.key)!;
    expect(parsed.prefix).toBe(issued.prefix);
    const row = await sg.db.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
    expect(Object.values(row).some((v) => typeof v === 'string' && v.includes(parsed.secret))).toBe(false);
    const found = await findApiKeyByPrefix(sg.db, issued.prefix);
    expect(found).toMatchObject({ id: issued.id, institutionId: 'inst-gov', revokedAt: null, institution: { id: 'inst-gov', kind: 'GOVERNMENT', status: 'ACTIVE' } });
    expect(secretMatches(parsed.secret, found!.secretHash)).toBe(true);
  });

  it('returns NOT_FOUND when issuing for an unknown institution', async () => {
    const res = await sg.query(ISSUE, { id: 'inst-nope' }, OPERATOR);
    expect(res.body).toEqual({ data: { issueApiKey: null }, errors: [expect.objectContaining({ path: ['issueApiKey'], extensions: { code: 'NOT_FOUND', id: 'inst-nope' } })] });
  });

  it('revokes a key at once and keeps the first revocation time when revoked again', async () => {
    const issued = await issue('inst-gov');
    at('2026-03-02T00:00:00.000Z');
    const first = await sg.query(REVOKE, { id: issued.id }, OPERATOR);
    expect(first.body).toEqual({ data: { revokeApiKey: { id: issued.id, prefix: issued.prefix, createdAt: T0.toISOString(), revokedAt: '2026-03-02T00:00:00.000Z' } } });
    at('2026-03-03T00:00:00.000Z');
    const again = await sg.query(REVOKE, { id: issued.id }, OPERATOR);
    expect(again.body).toEqual(first.body);
    expect((await findApiKeyByPrefix(sg.db, issued.prefix))?.revokedAt).toEqual(new Date('2026-03-02T00:00:00.000Z'));
  });

  it('rotates a live key: the old one is revoked and a new one issued for the same institution', async () => {
    const old = await issue('inst-gov');
    at('2026-03-04T00:00:00.000Z');
    const res = await sg.query(ROTATE, { id: old.id }, OPERATOR);
    expect(res.body.errors).toBeUndefined();
    const fresh = (res.body.data as { rotateApiKey: Issued }).rotateApiKey;
    expect(fresh).toEqual({ id: expect.any(String), prefix: expect.any(String), key: expect.stringMatching(/^cg_/), createdAt: '2026-03-04T00:00:00.000Z' });
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.key).not.toBe(old.key);
    expect(await findApiKeyByPrefix(sg.db, old.prefix)).toMatchObject({ revokedAt: new Date('2026-03-04T00:00:00.000Z') });
    expect(await findApiKeyByPrefix(sg.db, fresh.prefix)).toMatchObject({ institutionId: 'inst-gov', revokedAt: null });
  });

  it('refuses to rotate a revoked key (API_KEY_REVOKED) and an unknown one (NOT_FOUND), issuing nothing', async () => {
    const old = await issue('inst-gov');
    await sg.query(REVOKE, { id: old.id }, OPERATOR);
    const before = await sg.db.prisma.apiKey.count();
    const revoked = await sg.query(ROTATE, { id: old.id }, OPERATOR);
    expect(revoked.body).toEqual({ data: { rotateApiKey: null }, errors: [expect.objectContaining({ path: ['rotateApiKey'], extensions: { code: 'BAD_USER_INPUT', reason: 'API_KEY_REVOKED' } })] });
    const unknown = await sg.query(ROTATE, { id: 'key-nope' }, OPERATOR);
    expect(unknown.body).toEqual({ data: { rotateApiKey: null }, errors: [expect.objectContaining({ path: ['rotateApiKey'], extensions: { code: 'NOT_FOUND', id: 'key-nope' } })] });
    expect(await sg.db.prisma.apiKey.count()).toBe(before);
  });

  it('returns NOT_FOUND when revoking an unknown key', async () => {
    const res = await sg.query(REVOKE, { id: 'key-nope' }, OPERATOR);
    expect(res.body).toEqual({ data: { revokeApiKey: null }, errors: [expect.objectContaining({ path: ['revokeApiKey'], extensions: { code: 'NOT_FOUND', id: 'key-nope' } })] });
  });
});

describe('Mutation.setInstitutionStatus', () => {
  const SET = 'mutation ($id: ID!, $status: InstitutionStatus!) { setInstitutionStatus(id: $id, status: $status) { id status } }';

  it('suspends and reactivates an institution', async () => {
    await createInstitution(sg.db, { id: 'inst-susp', name: '辛银行', kind: 'FINANCIAL' });
    expect((await sg.query(SET, { id: 'inst-susp', status: 'SUSPENDED' }, OPERATOR)).body).toEqual({ data: { setInstitutionStatus: { id: 'inst-susp', status: 'SUSPENDED' } } });
    expect((await findApiKeyByPrefix(sg.db, (await createApiKey(sg.db, 'inst-susp')).row.prefix))?.institution.status).toBe('SUSPENDED');
    expect((await sg.query(SET, { id: 'inst-susp', status: 'ACTIVE' }, OPERATOR)).body).toEqual({ data: { setInstitutionStatus: { id: 'inst-susp', status: 'ACTIVE' } } });
  });

  it('returns NOT_FOUND for an unknown institution', async () => {
    const res = await sg.query(SET, { id: 'inst-nope', status: 'SUSPENDED' }, OPERATOR);
    expect(res.body).toEqual({ data: { setInstitutionStatus: null }, errors: [expect.objectContaining({ path: ['setInstitutionStatus'], extensions: { code: 'NOT_FOUND', id: 'inst-nope' } })] });
  });
});

describe('operator-only mutations', () => {
  const calls: [string, string, Record<string, unknown>][] = [
    ['registerInstitution', 'mutation ($input: RegisterInstitutionInput!) { registerInstitution(input: $input) { id } }', { input: { name: '壬银行', kind: 'FINANCIAL' } }],
    ['issueApiKey', 'mutation ($id: ID!) { issueApiKey(institutionId: $id) { key } }', { id: 'inst-bank' }],
    ['revokeApiKey', 'mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: 'KEY' }],
    ['rotateApiKey', 'mutation ($id: ID!) { rotateApiKey(id: $id) { key } }', { id: 'KEY' }],
    ['setInstitutionStatus', 'mutation ($id: ID!) { setInstitutionStatus(id: $id, status: SUSPENDED) { id } }', { id: 'inst-bank' }],
  ];

  it.each<[string, Principal]>([['the institution itself', BANK], ['an enterprise', ENTERPRISE], ['a person', PERSON], ['the anonymous public', ANONYMOUS]])(
    'refuses every operator mutation to %s with FORBIDDEN, touching nothing',
    async (_who, principal) => {
      for (const [field, query, variables] of calls) {
        const res = await sg.query(query, JSON.parse(JSON.stringify(variables).replace('KEY', bankKeyId)), principal);
        expect(res.body).toEqual({ data: { [field]: null }, errors: [forbiddenAt(field)] });
      }
      expect(sg.statements).toEqual([]);
      expect(await findApiKeyByPrefix(sg.db, (await sg.db.prisma.apiKey.findUniqueOrThrow({ where: { id: bankKeyId } })).prefix)).toMatchObject({ revokedAt: null, institution: { status: 'ACTIVE' } });
    },
  );
});

describe('caller header', () => {
  it('refuses an unsigned call with 401 UNAUTHENTICATED', async () => {
    const res = await sg.post(JSON.stringify({ query: '{ institutions { id } }' }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] });
  });
});
