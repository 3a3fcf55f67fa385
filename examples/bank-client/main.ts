/**
 * What a bank's loan desk asks before a credit-easy loan, against a running gateway:
 * `npx tsx examples/bank-client/main.ts` after `npm start` (the demo bank's key and subjects from
 * $DATA_DIR/demo-credentials.json; CREDITGRAPH_URL moves the gateway). Prints one JSON object.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from './client.ts';
import { ConsentedPerson, EnterpriseArchive } from './operations.ts';

interface Demo {
  institutions: { FINANCIAL: { apiKey: string } };
  enterprises: { uscc: string }[];
  persons: { idNumber: string }[];
}

async function main() {
  const demo = JSON.parse(readFileSync(join(process.env.DATA_DIR ?? 'data', 'demo-credentials.json'), 'utf8')) as Demo;
  const request = createClient({ url: process.env.CREDITGRAPH_URL ?? 'http://127.0.0.1:4000/graphql', apiKey: demo.institutions.FINANCIAL.apiKey });

  const archive = await request(EnterpriseArchive, { uscc: demo.enterprises[0]!.uscc });
  const enterprise = archive.data?.enterprise;
  // The demo bank holds the consent of the third person, for credit-easy loans.
  const person = await request(ConsentedPerson, { idNumber: demo.persons[2]!.idNumber }, { purpose: 'CREDIT_EASY_LOAN' });

  console.log(JSON.stringify({
    enterprise: enterprise && {
      name: enterprise.name,
      penalties: enterprise.penalties.length,
      blackListed: enterprise.blackList.length > 0,
      legalRepresentative: enterprise.legalRepresentative?.name ?? null,
    },
    person: person.data?.person && { grade: person.data.person.integrity?.grade ?? null, judgmentDebtor: person.data.person.judgmentDebtor?.listed ?? null },
    withheld: [...archive.errors, ...person.errors].map((e) => ({ path: e.path, code: e.extensions?.code })),
  }, null, 2));
}

main().catch((err) => { console.error(err); process.exit(1); });
