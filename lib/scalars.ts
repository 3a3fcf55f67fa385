/**
 * The `Date` (YYYY-MM-DD, as the databases store it) and `DateTime` (ISO 8601 with a zone, e.g.
 * 2025-01-31T08:00:00Z or +08:00; always answered in UTC) scalars every subgraph declares.
 *
 * Input values pass through as strings and the resolver that takes one checks it (`parseDateTime`,
 * or its own range check): a malformed argument is then BAD_USER_INPUT with a reason, where a
 * throw during coercion would reach the client as a bare validation failure (the gateway cannot
 * check a subgraph's scalars, so such a value does get here).
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badUserInput } from './errors.ts';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A DateTime argument as an instant, or BAD_USER_INPUT `DATE_TIME_FORMAT`. */
export function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    const [y, m, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(y, m - 1, day));
    const d = new Date(value);
    // Date() rolls 2025-02-30 over into March: insist on a real calendar date.
    if (!Number.isNaN(d.getTime()) && calendar.getUTCMonth() === m - 1 && calendar.getUTCDate() === day) return d;
  }
  throw badUserInput('DATE_TIME_FORMAT', 'DateTime must be ISO 8601 with a time zone, e.g. 2025-01-31T08:00:00+08:00');
}

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

function inputString(value: unknown, scalar: string): string {
  if (typeof value === 'string') return value;
  throw new TypeError(`${scalar} must be a string`);
}

const literal = (ast: ValueNode): unknown => (ast.kind === Kind.STRING ? ast.value : undefined);

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    if (isDate(value)) return value.toISOString().slice(0, 10);
    throw new TypeError(`Date cannot represent ${typeof value}`);
  },
  parseValue: (value) => inputString(value, 'Date'),
  parseLiteral: (ast) => inputString(literal(ast), 'Date'),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone; always answered in UTC.',
  serialize: (value) => {
    if (isDate(value)) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${typeof value}`);
  },
  parseValue: (value) => inputString(value, 'DateTime'),
  parseLiteral: (ast) => inputString(literal(ast), 'DateTime'),
});
