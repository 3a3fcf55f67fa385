/**
 * The supergraph end to end: the committed supergraph and generated types are current, and the
 * gateway serves the first demo enterprise's whole "1 + 9 + X" archive, its legal representative
 * (across subgraphs) and its loans.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeSupergraph, readRoverConfig } from '../lib/supergraph.ts';
import { apiKey, bearer, startStack, type Stack } from './support/stack.ts';

const root = resolve(import.meta.dirname, '..');

describe('committed artifacts', () => {
  it('schema/supergraph.graphql is what composing rover.yaml gives now', () => {
    const composed = composeSupergraph(readRoverConfig(resolve(root, 'rover.yaml'))) + '\n';
    expect(readFileSync(resolve(root, 'schema/supergraph.graphql'), 'utf8')).toBe(composed);
  });

  it('codegen/ is what generating from schema/ gives now', () => {
    const before = ['enums', 'enterprise', 'person', 'social-org', 'finance', 'platform'].map((n) => readFileSync(resolve(root, `codegen/${n}.ts`), 'utf8'));
    execFileSync(resolve(root, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen/codegen.ts', '--silent'], { cwd: root, stdio: 'pipe' });
    const after = ['enums', 'enterprise', 'person', 'social-org', 'finance', 'platform'].map((n) => readFileSync(resolve(root, `codegen/${n}.ts`), 'utf8'));
    expect(after).toEqual(before);
  });
});

const ARCHIVE = `
  query Archive($uscc: ID!) {
    enterprise(uscc: $uscc) {
      uscc name
      overview { registeredName entityType regionCode regionName industryName establishedOn registrationStatus }
      licenses { id licenseName licenseNumber disclosure }
      penalties { id violation legalBasis penaltyType amount publicityPeriodMonths publicityEndDate disclosure }
      redList { id listName listType }
      blackList { id listName listType }
      certificates { id certificateType }
      inspections { id inspectionItem result }
      commitments { id commitmentType status }
      evaluations { id grade year }
      honors { id title level }
      otherRecords { id category title }
      legalRepresentative { id name idNumber }
      creditEasyLoans { amount lender { name } product { name } }
    }
  }`;

describe('the supergraph through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack(); });
  afterAll(async () => { await stack?.close(); });

  it('serves the first demo enterprise with a record in each of the nine categories', async () => {
    const uscc = stack.credentials.enterprises[0]!.uscc;
    const { status, body } = await stack.query(ARCHIVE, {
      variables: { uscc }, headers: apiKey(stack.credentials.institutions.FINANCIAL.apiKey),
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const e = body.data!.enterprise;
    expect(e.uscc).toBe(uscc);
    for (const category of ['licenses', 'penalties', 'redList', 'blackList', 'certificates', 'inspections', 'commitments', 'evaluations', 'honors']) {
      expect({ category, count: e[category].length > 0 }).toEqual({ category, count: true });
    }
    expect(e.otherRecords.length).toBeGreaterThan(0);
    expect(e.creditEasyLoans.length).toBeGreaterThan(0);
    // The legal representative comes from the person subgraph, masked for a bank without consent.
    expect(e.legalRepresentative.id).toBe(stack.credentials.persons[0]!.id);
    expect(e.legalRepresentative.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(e.legalRepresentative.idNumber).not.toBe(stack.credentials.persons[0]!.idNumber);
  });

  it('shows the legal representative their own full name and ID number', async () => {
    const p = stack.credentials.persons[0]!;
    const { body } = await stack.query(
      `query($uscc: ID!) { enterprise(uscc: $uscc) { legalRepresentative { id idNumber } } }`,
      { variables: { uscc: stack.credentials.enterprises[0]!.uscc }, headers: bearer(p.token) },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.enterprise.legalRepresentative).toEqual({ id: p.id, idNumber: p.idNumber });
  });

  it('answers BAD_USER_INPUT with the reason for a malformed or miscomputed USCC', async () => {
    const bad = await stack.query('{ enterprise(uscc: "91350100M000100Y4") { name } }');
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USCC_FORMAT' });
    const digit = await stack.query('{ enterprise(uscc: "91350100M000100Y44") { name } }');
    expect(digit.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'USCC_CHECK_DIGIT' });
  });

  it('answers the health and readiness checks', async () => {
    const base = stack.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
