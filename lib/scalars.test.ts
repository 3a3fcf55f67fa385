import { describe, expect, it } from '@jest/globals';
import { Kind } from 'graphql';
import { DateScalar, DateTimeScalar, parseDate, parseDateTime } from './scalars.ts';

const refusal = (reason: string) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason }) });

describe('Date and DateTime scalars', () => {
  it('answers dates as stored and instants in UTC', () => {
    expect(DateScalar.serialize('2025-06-15')).toBe('2025-06-15');
    expect(DateScalar.serialize(new Date('2025-06-15T00:00:00Z'))).toBe('2025-06-15');
    expect(DateTimeScalar.serialize(new Date('2025-06-15T08:00:00+08:00'))).toBe('2025-06-15T00:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-06-15T08:00:00+08:00')).toBe('2025-06-15T00:00:00.000Z');
  });

  it('passes valid inputs on as given, from variables and literals', () => {
    expect(DateTimeScalar.parseValue('2025-01-31T08:00:00+08:00')).toBe('2025-01-31T08:00:00+08:00');
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '9999-12-31T23:59:59.999Z' })).toBe('9999-12-31T23:59:59.999Z');
    expect(DateScalar.parseValue('1000-01-01')).toBe('1000-01-01');
    expect(DateScalar.parseLiteral({ kind: Kind.STRING, value: '2025-06-15' })).toBe('2025-06-15');
  });

  it('refuses malformed inputs with BAD_USER_INPUT DATE_TIME_FORMAT / DATE_FORMAT, whatever their kind', () => {
    expect(() => DateTimeScalar.parseValue('not a time')).toThrow(refusal('DATE_TIME_FORMAT'));
    expect(() => DateTimeScalar.parseValue(1_750_000_000_000)).toThrow(refusal('DATE_TIME_FORMAT'));
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '1' })).toThrow(refusal('DATE_TIME_FORMAT'));
    expect(() => DateScalar.parseLiteral({ kind: Kind.STRING, value: '2025-02-30' })).toThrow(refusal('DATE_FORMAT'));
    expect(() => DateScalar.parseValue(20250615)).toThrow(refusal('DATE_FORMAT'));
  });

  it('refuses instants and dates outside four-digit years with BAD_USER_INPUT DATE_TIME_RANGE / DATE_RANGE', () => {
    for (const value of ['+275760-09-12T00:00:00Z', '-271821-04-20T00:00:00Z', '+010000-01-01T00:00:00Z', '0999-12-31T23:59:59Z', '9999-12-31T23:00:00-02:00']) {
      expect(() => DateTimeScalar.parseValue(value)).toThrow(refusal('DATE_TIME_RANGE'));
    }
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '+275760-09-13T00:00:00Z' })).toThrow(refusal('DATE_TIME_RANGE'));
    for (const value of ['+275760-09-12', '0999-12-31', '-000001-01-01']) expect(() => DateScalar.parseValue(value)).toThrow(refusal('DATE_RANGE'));
    expect(() => parseDate('0050-01-01')).toThrow(refusal('DATE_RANGE'));
  });
});

describe('parseDateTime', () => {
  it('reads an ISO 8601 instant with a zone', () => {
    expect(parseDateTime('2025-01-31T08:00:00+08:00').toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseDateTime('2025-01-31T08:00Z').toISOString()).toBe('2025-01-31T08:00:00.000Z');
  });

  it.each(['2025-01-31T08:00:00', '2025-02-30T08:00:00Z', '2025-01-31', '2025-01-31T99:00Z', 42])('refuses %p with BAD_USER_INPUT DATE_TIME_FORMAT', (value) => {
    expect(() => parseDateTime(value)).toThrow(refusal('DATE_TIME_FORMAT'));
  });
});
