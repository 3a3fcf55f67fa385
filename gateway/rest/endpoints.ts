/**
 * Where each operation of operations.graphql is served. A read that changes nothing is a GET with
 * its variables in the path and the query string; an operation that records something or is
 * spent (a sanctions check is stored under its checkId, an integrity code is spent by its first
 * verification) is a POST with its variables in a JSON body, so that no cache or retrying proxy
 * repeats it and no code lands in an access log's URL.
 */
export interface Endpoint {
  /** The operation's name in operations.graphql. */
  operation: string;
  method: 'GET' | 'POST';
  /** OpenAPI path template; `{name}` is the variable of that name. */
  path: string;
  summary: string;
}

export const REST_PREFIX = '/rest/v1';

export const ENDPOINTS: readonly Endpoint[] = [
  { operation: 'EnterpriseArchive', method: 'GET', path: `${REST_PREFIX}/enterprises/{uscc}`, summary: 'An enterprise\'s "1 + 9 + X" credit archive by USCC' },
  { operation: 'CheckSanctions', method: 'POST', path: `${REST_PREFIX}/sanction-checks`, summary: 'Joint rewards and sanctions check of up to 1,000 subjects' },
  { operation: 'VerifyIntegrityCode', method: 'POST', path: `${REST_PREFIX}/integrity-code-verifications`, summary: 'Verify (and spend) a person\'s integrity code' },
  { operation: 'VerifyCreditReport', method: 'GET', path: `${REST_PREFIX}/reports/{number}/verification`, summary: 'Check a credit report\'s number and digest' },
];
