import { GraphQLScalarType, Kind } from 'graphql';
import { formatYuan, parseYuan } from '../loans/terms.ts';

/** Yuan with fen: a bigint of fen inside, "1234.50" outside; a malformed input is BAD_USER_INPUT AMOUNT_FORMAT at coercion. */
export const YuanScalar = new GraphQLScalarType<bigint, string>({
  name: 'Yuan',
  description: 'An amount in yuan exact to the fen, "1234.50".',
  serialize: (value) => {
    if (typeof value !== 'bigint') throw new TypeError(`Yuan is served from fen as a bigint; got ${typeof value}`);
    return formatYuan(value);
  },
  parseValue: parseYuan,
  parseLiteral: (ast) => parseYuan(ast.kind === Kind.STRING ? ast.value : ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? Number(ast.value) : undefined),
});
