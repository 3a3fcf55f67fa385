/**
 * The report desk's equipment, made once at start: the signing key (and the public keys stored
 * reports are checked against), and the peers it asks for the parts of a report other subgraphs
 * own. Without a key file outside production the subgraph still starts and answers everything but
 * `issueCreditReport` (the tests of other features need no key); production refuses to start.
 */
import { existsSync } from 'node:fs';
import type { JWK } from 'jose';
import { peerClient } from '../../../lib/reports/peer.ts';
import { loadReportKey, type ReportSigner } from '../../../lib/reports/signing.ts';
import type { EnterpriseConfig } from '../config.ts';
import type { Peers } from './snapshot.ts';

export interface ReportDesk {
  /** Null when no key is configured: issuing is an internal error. */
  signer: ReportSigner | null;
  jwks: { keys: JWK[] };
  peers: Peers;
}

export function loadReportDesk(
  config: Pick<EnterpriseConfig, 'reportKeyFile' | 'peerUrls' | 'callerSecret' | 'production'>,
): ReportDesk {
  const peers: Peers = {
    socialOrg: peerClient('social-org', config.peerUrls.socialOrg, config.callerSecret),
    finance: peerClient('finance', config.peerUrls.finance, config.callerSecret),
    person: peerClient('person', config.peerUrls.person, config.callerSecret),
  };
  if (!existsSync(config.reportKeyFile)) {
    if (config.production) throw new Error(`REPORT_KEY_FILE: ${config.reportKeyFile} does not exist (the credit reports' signing key)`);
    return { signer: null, jwks: { keys: [] }, peers };
  }
  return { ...loadReportKey(config.reportKeyFile), peers };
}
