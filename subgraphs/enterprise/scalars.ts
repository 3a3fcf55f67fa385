/**
 * The `Date` (YYYY-MM-DD, as stored) and `DateTime` (ISO 8601, answered in UTC) scalars. Input
 * values pass through as strings; the resolver that takes one checks it and answers
 * BAD_USER_INPUT with a reason (a throw during coercion would reach the client as a bare
 * validation failure).
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

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
  description: 'An instant, ISO 8601; always answered in UTC.',
  serialize: (value) => {
    if (isDate(value)) return value.toISOString();
    if (typeof value === 'string') return new Date(value).toISOString();
    throw new TypeError(`DateTime cannot represent ${typeof value}`);
  },
  parseValue: (value) => inputString(value, 'DateTime'),
  parseLiteral: (ast) => inputString(literal(ast), 'DateTime'),
});
