import { describe, expect, it } from '@jest/globals';
import { Kind } from 'graphql';
import { DateScalar, DateTimeScalar, parseDateTime } from './scalars.ts';

describe('Date and DateTime scalars', () => {
  it('answers dates as stored and instants in UTC', () => {
    expect(DateScalar.serialize('2025-06-15')).toBe('2025-06-15');
    expect(DateScalar.serialize(new Date('2025-06-15T00:00:00Z'))).toBe('2025-06-15');
    expect(DateTimeScalar.serialize(new Date('2025-06-15T08:00:00+08:00'))).toBe('2025-06-15T00:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-06-15T08:00:00+08:00')).toBe('2025-06-15T00:00:00.000Z');
  });

  it('passes string inputs through for the resolver to check, and refuses other kinds', () => {
    expect(DateTimeScalar.parseValue('not a time')).toBe('not a time');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2025-02-30' })).toBe('2025-02-30');
    expect(() => DateScalar.parseValue(20250615)).toThrow(TypeError);
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow(TypeError);
  });
});

describe('parseDateTime', () => {
  it('reads an ISO 8601 instant with a zone', () => {
    expect(parseDateTime('2025-01-31T08:00:00+08:00').toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseDateTime('2025-01-31T08:00Z').toISOString()).toBe('2025-01-31T08:00:00.000Z');
  });

  it.each(['2025-01-31T08:00:00', '2025-02-30T08:00:00Z', '2025-01-31', 42])('refuses %p with BAD_USER_INPUT DATE_TIME_FORMAT', (value) => {
    expect(() => parseDateTime(value)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'DATE_TIME_FORMAT' }) }));
  });
});
