/** Institutions registered for a test by the demo operator, through the gateway. */
import type { Stack } from './stack.ts';
import { bearer } from './stack.ts';

/** A CREDIT_SERVICE institution with `plan` (GraphQL input fields, e.g. `ratePerSecond: 1, burst: 2`) and a key. */
export async function registerInstitution(stack: Stack, name: string, plan: string): Promise<{ id: string; key: string }> {
  const op = bearer(stack.credentials.operator.token);
  const reg = await stack.query(`mutation { registerInstitution(input: { name: "${name}", kind: CREDIT_SERVICE, ${plan} }) { id } }`, { headers: op });
  if (reg.body.errors) throw new Error(`registerInstitution: ${JSON.stringify(reg.body.errors)}`);
  const id = reg.body.data!.registerInstitution.id as string;
  const issued = await stack.query(`mutation($id: ID!) { issueApiKey(institutionId: $id) { key } }`, { variables: { id }, headers: op });
  return { id, key: issued.body.data!.issueApiKey.key as string };
}
