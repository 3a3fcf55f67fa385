/**
 * The report desk for tests: the real enterprise subgraph with a report key, and the real finance
 * and social-org subgraphs as its peers (port 0, fresh databases, one signing secret). The
 * enterprise database is SQLite or the PostgreSQL database given.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestSubgraph as startShared, type TestSubgraph as SharedTestSubgraph } from '../../../tests/support/subgraph.ts';
import type { RunningSubgraph } from '../../../lib/subgraph.ts';
import type { Db as FinanceDb } from '../../finance/db/client.ts';
import type { Db as SocialOrgDb } from '../../social-org/db/client.ts';
import { startSubgraph as startFinance } from '../../finance/main.ts';
import { startSubgraph as startSocialOrg } from '../../social-org/main.ts';
type Finance = RunningSubgraph<FinanceDb>;
type SocialOrg = RunningSubgraph<SocialOrgDb>;
import { SECRET, startTestSubgraph, type TestSubgraph } from '../test-support.ts';

export interface ReportDesk {
  sg: TestSubgraph;
  finance: SharedTestSubgraph<Finance>;
  socialOrg: SharedTestSubgraph<SocialOrg>;
  /** The public half of the report key (kid `report-test`), as the JWKS publishes it. */
  publicJwk: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startReportDesk(opts: { now: () => Date; postgresUrl?: string; env?: Record<string, string> }): Promise<ReportDesk> {
  const dir = mkdtempSync(join(tmpdir(), 'creditgraph-reports-'));
  const keyFile = join(dir, 'report-key.json');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: 'report-test', alg: 'EdDSA', use: 'sig' };
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'report-test', alg: 'EdDSA' };
  writeFileSync(keyFile, JSON.stringify({ privateJwk, jwks: { keys: [publicJwk] } }));
  const peer = { secret: SECRET, now: opts.now };
  const finance = await startShared({ subgraph: 'finance', start: startFinance, ...peer });
  const socialOrg = await startShared({ subgraph: 'social-org', start: startSocialOrg, ...peer });
  const sg = await startTestSubgraph({
    now: opts.now, postgresUrl: opts.postgresUrl,
    env: { REPORT_KEY_FILE: keyFile, FINANCE_URL: finance.url, SOCIAL_ORG_URL: socialOrg.url, ...opts.env },
  });
  return {
    sg, finance, socialOrg, publicJwk,
    async close() {
      await sg.stop();
      await finance.close();
      await socialOrg.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
