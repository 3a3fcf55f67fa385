import { describe, expect, it } from '@jest/globals';
import { acceptableMediaTypes } from './negotiate.ts';

const GR = 'application/graphql-response+json';
const JSON_ = 'application/json';

describe('acceptableMediaTypes', () => {
  it('answers application/json to a client that names no type: no header, an empty one, or wildcards', () => {
    for (const accept of [undefined, '', '*/*', 'application/*', '*/*;q=0.8']) expect(acceptableMediaTypes(accept)[0]).toBe(JSON_);
  });

  it('follows quality values, then the more specific range, then the order listed', () => {
    expect(acceptableMediaTypes(`${GR}, ${JSON_};q=0.9`)).toEqual([GR, JSON_]);
    expect(acceptableMediaTypes(`${JSON_};q=0.9, ${GR}`)).toEqual([GR, JSON_]);
    expect(acceptableMediaTypes(`${GR};q=0.2, ${JSON_};q=0.3`)).toEqual([JSON_, GR]);
    expect(acceptableMediaTypes(`${JSON_}, ${GR}`)).toEqual([JSON_, GR]);
    expect(acceptableMediaTypes(`*/*;q=0.5, ${GR}`)).toEqual([GR, JSON_]);
    expect(acceptableMediaTypes(`${GR}; charset=utf-8`)).toEqual([GR]);
    expect(acceptableMediaTypes('APPLICATION/GRAPHQL-RESPONSE+JSON')).toEqual([GR]);
  });

  it('leaves out a type refused with q=0 or named by no range, even under a wildcard', () => {
    expect(acceptableMediaTypes(`*/*, ${JSON_};q=0`)).toEqual([GR]);
    expect(acceptableMediaTypes(`${GR}`)).toEqual([GR]);
    expect(acceptableMediaTypes('text/html, image/png')).toEqual([]);
    expect(acceptableMediaTypes('text/*')).toEqual([]);
  });

  it('ignores a range whose quality is not a qvalue', () => {
    expect(acceptableMediaTypes(`${JSON_};q=2, ${GR};q=0.1`)).toEqual([GR]);
    expect(acceptableMediaTypes(`${JSON_};q=x`)).toEqual([]);
  });

  it('answers a header seen before as the first time, before and after many other headers', () => {
    const headers = Array.from({ length: 200 }, (_, i) => (i % 2 ? `${GR};q=0.${(i % 9) + 1}, ${JSON_}` : `${JSON_};q=0.${(i % 9) + 1}, ${GR}`));
    const first = headers.map((h) => acceptableMediaTypes(h));
    for (const [i, h] of headers.entries()) expect(acceptableMediaTypes(h)).toEqual(first[i]);
    expect(first[0]).toEqual([GR, JSON_]);
    expect(first[1]).toEqual([JSON_, GR]);
  });
});
