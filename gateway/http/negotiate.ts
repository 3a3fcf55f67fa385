/**
 * Which media type a GraphQL response is written in, from the request's `Accept` header
 * (RFC 9110 §12.5.1, as GraphQL over HTTP asks): the acceptable ones of ours, most preferred
 * first. No header, an empty one or a bare wildcard means `application/json`, which every client
 * that predates `application/graphql-response+json` understands.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const JSON_TYPE = 'application/json';
export type MediaType = typeof GRAPHQL_RESPONSE_JSON | typeof JSON_TYPE;

interface Range { type: string; subtype: string; q: number; index: number }

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  header.split(',').forEach((part, index) => {
    const [mediaRange, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = (mediaRange ?? '').split('/');
    if (!type || !subtype) return;
    const qParam = params.find((p) => /^q\s*=/.test(p));
    const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/, ''));
    if (!Number.isFinite(q) || q < 0 || q > 1) return; // not a qvalue: the range is ignored
    ranges.push({ type, subtype, q, index });
  });
  return ranges;
}

/** How specifically a range names the type (exact 2, `type/*` 1, `*\/*` 0); -1 when it does not match. */
function specificity(range: Range, mediaType: MediaType): number {
  const [type, subtype] = mediaType.split('/') as [string, string];
  if (range.type === type && range.subtype === subtype) return 2;
  if (range.type === type && range.subtype === '*') return 1;
  if (range.type === '*' && range.subtype === '*') return 0;
  return -1;
}

const JSON_ONLY: readonly MediaType[] = Object.freeze([JSON_TYPE]);
/** A client sends the same Accept on every request: the answers for the last few headers seen. */
const remembered = new Map<string, readonly MediaType[]>();
const REMEMBERED_HEADERS = 64;

/** Our media types the client accepts, most preferred first (empty: answer 406). */
export function acceptableMediaTypes(accept: string | undefined): readonly MediaType[] {
  if (accept === undefined || accept.trim() === '') return JSON_ONLY;
  let types = remembered.get(accept);
  if (!types) {
    if (remembered.size >= REMEMBERED_HEADERS) remembered.clear();
    remembered.set(accept, types = Object.freeze(rankMediaTypes(accept)));
  }
  return types;
}

function rankMediaTypes(accept: string): MediaType[] {
  const ranges = parseAccept(accept);
  const scored = ([JSON_TYPE, GRAPHQL_RESPONSE_JSON] as const).map((mediaType) => {
    // The most specific range that matches decides the type's quality (RFC 9110).
    let best: { range: Range; specificity: number } | null = null;
    for (const range of ranges) {
      const s = specificity(range, mediaType);
      if (s > (best?.specificity ?? -1)) best = { range, specificity: s };
    }
    return { mediaType, q: best?.range.q ?? 0, specificity: best?.specificity ?? -1, index: best?.range.index ?? Infinity };
  });
  return scored
    .filter((s) => s.q > 0)
    // Higher quality first; then named outright over a wildcard; then listed first. A wildcard
    // naming both equally leaves application/json first (the list above): legacy clients read it.
    .sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.index - b.index)
    .map((s) => s.mediaType);
}
