/**
 * The `Date` (YYYY-MM-DD, as the databases store it) and `DateTime` (ISO 8601 with a zone, e.g.
 * 2025-01-31T08:00:00Z or +08:00; always answered in UTC) scalars every subgraph declares.
 *
 * Inputs are checked here, once, for every argument and input field of these types: a malformed
 * value is BAD_USER_INPUT `DATE_TIME_FORMAT` / `DATE_FORMAT`, one outside four-digit years (before
 * 1000-01-01 or after 9999-12-31, UTC, such as the expanded year +275760-09-12T00:00:00Z) is
 * `DATE_TIME_RANGE` / `DATE_RANGE`: such values would otherwise reach the databases, which cannot
 * store them, or date arithmetic that does not expect them. graphql-js and graphql-jit keep an
 * error's extensions when coercion throws, so the code and reason reach the client (the gateway
 * cannot check a subgraph's scalars; the subgraph that declares the argument does). A valid value
 * passes on as the string given; resolvers read it with `parseDateTime` or `new Date`.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isIsoDate } from './time.ts';
import { badUserInput } from './errors.ts';

/** ISO 8601 instant with a zone; the year may be written expanded (±YYYYYY) to be refused as out of range. */
const DATE_TIME = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}$/;

/** The instants accepted: four-digit years in UTC. */
const FIRST_INSTANT = Date.UTC(1000, 0, 1);
const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const RANGE_TEXT = 'between 1000-01-01 and 9999-12-31';

const dateTimeFormat = () => badUserInput('DATE_TIME_FORMAT', 'DateTime must be ISO 8601 with a time zone, e.g. 2025-01-31T08:00:00+08:00');
const dateTimeRange = (value: string) => badUserInput('DATE_TIME_RANGE', `DateTime must be ${RANGE_TEXT} (UTC); got ${value}`);
const fourDigitYear = (year: string) => year.length === 4 && year >= '1000';

/** A DateTime value as an instant, or BAD_USER_INPUT `DATE_TIME_FORMAT` / `DATE_TIME_RANGE`. */
export function parseDateTime(value: unknown): Date {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m) throw dateTimeFormat();
  const [, year, month, day] = m as unknown as [string, string, string, string];
  if (!fourDigitYear(year)) throw dateTimeRange(value as string);
  // Date() rolls 2025-02-30 over into March: insist on a real calendar date.
  if (!isIsoDate(`${year}-${month}-${day}`)) throw dateTimeFormat();
  const d = new Date(value as string);
  if (Number.isNaN(d.getTime())) throw dateTimeFormat();
  // 9999-12-31T23:00-02:00 is in year 10000 in UTC.
  if (d.getTime() < FIRST_INSTANT || d.getTime() > LAST_INSTANT) throw dateTimeRange(value as string);
  return d;
}

/** A Date value as given, or BAD_USER_INPUT `DATE_FORMAT` / `DATE_RANGE`. */
export function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value)) throw badUserInput('DATE_FORMAT', 'Date must be a date YYYY-MM-DD');
  if (!fourDigitYear(value.slice(0, value.indexOf('-', 1)))) throw badUserInput('DATE_RANGE', `Date must be ${RANGE_TEXT}; got ${value}`);
  if (!isIsoDate(value)) throw badUserInput('DATE_FORMAT', `Date must be a real calendar date YYYY-MM-DD; got ${value}`);
  return value;
}

const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/** A literal's value: a string literal's text; any other kind is refused by the parser as not a string. */
const literal = (ast: ValueNode): unknown => (ast.kind === Kind.STRING ? ast.value : undefined);

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => {
    if (typeof value === 'string') return value;
    if (isDate(value)) return value.toISOString().slice(0, 10);
    throw new TypeError(`Date cannot represent ${typeof value}`);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literal(ast)),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone; always answered in UTC.',
  serialize: (value) => {
    if (isDate(value)) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${typeof value}`);
  },
  parseValue: (value) => { parseDateTime(value); return value as string; },
  parseLiteral: (ast) => { const value = literal(ast); parseDateTime(value); return value as string; },
});
