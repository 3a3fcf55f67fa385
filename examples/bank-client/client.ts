/**
 * A tiny client for the CreditGraph gateway: POSTs a typed document with the institution's API key
 * (and, for a person's records, the purpose its consent names) and returns the typed result.
 *
 * GraphQL answers in two ways, and so does this client. A request refused as a whole (unknown key
 * 401, over the rate or quota 429 with Retry-After, an invalid argument 400) throws `ApiError`
 * with the code and the seconds to wait. A request that ran answers `{ data, errors }`: a field the
 * bank may not see is null with a FORBIDDEN error naming its path, and the rest stands.
 */
import type { TypedDocumentString } from './gql/graphql.ts';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** The institution's key (`npm run cli -- keys ...`; the demo's in demo-credentials.json). */
  apiKey: string;
  fetch?: typeof fetch;
}

/** A GraphQL error as the gateway sends it; `extensions.code` is one of the README's codes. */
export interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; reason?: string; [key: string]: unknown };
}

export interface Result<T> {
  data: T | null;
  errors: GraphQLErrorJson[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before retrying (429). */
    readonly retryAfter: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function createClient(options: ClientOptions) {
  const send = options.fetch ?? fetch;
  return async function request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: NoInfer<TVariables>,
    /** The purpose the person's consent names (the schema's ConsentPurpose, e.g. CREDIT_EASY_LOAN); another is 400 BAD_USER_INPUT. */
    init: { purpose?: string } = {},
  ): Promise<Result<TResult>> {
    const res = await send(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The GraphQL-over-HTTP media type: a request refused as a whole gets a 4xx status.
        accept: 'application/graphql-response+json',
        'x-api-key': options.apiKey,
        ...(init.purpose ? { 'x-purpose': init.purpose } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = await res.json() as { data?: TResult | null; errors?: GraphQLErrorJson[] };
    if (!res.ok) {
      const first = body.errors?.[0];
      const retryAfter = res.headers.get('retry-after');
      throw new ApiError(res.status, first?.extensions?.code ?? `HTTP_${res.status}`, first?.message ?? res.statusText, retryAfter === null ? null : Number(retryAfter));
    }
    return { data: body.data ?? null, errors: body.errors ?? [] };
  };
}

export type Request = ReturnType<typeof createClient>;
