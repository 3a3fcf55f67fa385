import { describe, expect, it } from '@jest/globals';
import { canonicalize, digestOf } from './canonical.ts';

describe('canonicalize (RFC 8785)', () => {
  it('gives the RFC\'s own example its published canonical form', () => {
    // RFC 8785 §3.2.2 (numbers, string escapes, literals), parsed from its JSON text.
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`);
    expect(canonicalize(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it('sorts members by UTF-16 code units, as RFC 8785 §3.2.3 shows', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // Read off the text: JSON.parse would put the integer-like key "1" first again.
    expect([...canonicalize(input).matchAll(/":"([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('is the same for the same data whatever the key order or whitespace, and nests', () => {
    expect(canonicalize(JSON.parse('{ "b": [ {"y":1, "x":"企业"} ], "a": null }'))).toBe('{"a":null,"b":[{"x":"企业","y":1}]}');
    expect(canonicalize({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('refuses what JSON cannot hold rather than guessing', () => {
    expect(() => canonicalize({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/plain objects/);
    expect(() => canonicalize({ f: () => 1 })).toThrow(/function/);
  });

  it('digests the UTF-8 bytes with SHA-256', () => {
    expect(digestOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
