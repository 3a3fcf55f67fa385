/**
 * The REST facade, derived from the API schema: each endpoint's GraphQL document (one operation of
 * operations.graphql, printed alone so its sha256 is what trusted documents list), its parameters
 * and the OpenAPI 3.1 document describing them. Parameter and answer schemas are JSON Schema made
 * from the operation's variable types and its selection, with the schema's descriptions: a field
 * added to a selection shows up in the document without another edit.
 */
import { createHash } from 'node:crypto';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, Kind, parse, print,
  typeFromAST, validate, type GraphQLInputType, type GraphQLOutputType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ERROR_CODES } from '../../lib/errors.ts';
import { ENDPOINTS, type Endpoint } from './endpoints.ts';

type JsonSchema = Record<string, unknown>;

export interface Variable {
  name: string;
  type: GraphQLInputType;
  in: 'path' | 'query' | 'body';
  required: boolean;
}

export interface CompiledEndpoint extends Endpoint {
  /** The operation's document alone, as sent to the gateway. */
  query: string;
  /** The root field whose value is the answer's `data`. */
  field: string;
  variables: Variable[];
}

const SCALARS: Record<string, JsonSchema> = {
  String: { type: 'string' },
  ID: { type: 'string' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  Date: { type: 'string', format: 'date' },
  DateTime: { type: 'string', format: 'date-time' },
  Yuan: { type: 'string', pattern: '^-?\\d+\\.\\d{2}$' },
};

/** `schema` that may also be null (JSON Schema 2020-12, as OpenAPI 3.1 takes it). */
function orNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') {
    const s: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) s.enum = [...schema.enum, null];
    return s;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

function leafSchema(type: GraphQLOutputType | GraphQLInputType): JsonSchema {
  const named = getNamedType(type);
  if (isEnumType(named)) return { type: 'string', enum: named.getValues().map((v) => v.name) };
  if (isScalarType(named)) return { ...(SCALARS[named.name] ?? {}), ...(named.description && !SCALARS[named.name] ? { description: named.description } : {}) };
  throw new Error(`${named.name} is not a leaf type`);
}

/** The JSON Schema of a value of `type` as the selection shapes it. */
function outputSchema(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
  return isNonNullType(type) ? shapeOf(type.ofType, selection) : orNull(shapeOf(type, selection));
}

function shapeOf(type: GraphQLOutputType, selection: SelectionSetNode | undefined): JsonSchema {
  if (isListType(type)) return { type: 'array', items: outputSchema(type.ofType, selection) };
  if (!isObjectType(type) || !selection) return leafSchema(type);
  const fields = type.getFields();
  const properties: Record<string, JsonSchema> = {};
  for (const sel of selection.selections) {
    // Fragments would need their type conditions in the schema: the facade's operations do without.
    if (sel.kind !== Kind.FIELD) throw new Error(`REST operations select fields only (found a ${sel.kind} in ${type.name})`);
    const field = fields[sel.name.value]!; // the document was validated
    const s = outputSchema(field.type, sel.selectionSet);
    properties[sel.alias?.value ?? sel.name.value] = field.description ? { ...s, description: field.description } : s;
  }
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

function inputSchema(type: GraphQLInputType): JsonSchema {
  if (isNonNullType(type)) return inputSchema(type.ofType);
  if (isListType(type)) return { type: 'array', items: inputSchema(type.ofType) };
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    return {
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f.name, inputSchema(f.type)])),
      required: fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name),
    };
  }
  return leafSchema(type);
}

/** Each endpoint with its document and variables; throws at start when an operation no longer fits the schema. */
export function compileEndpoints(schema: GraphQLSchema, source: string, endpoints: readonly Endpoint[] = ENDPOINTS): CompiledEndpoint[] {
  const document = parse(source);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(`gateway/rest/operations.graphql: ${errors.map((e) => e.message).join(' ')}`);
  const operations = new Map(document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => [d.name?.value ?? '', d]));
  return endpoints.map((endpoint) => {
    const op = operations.get(endpoint.operation);
    if (!op) throw new Error(`gateway/rest/operations.graphql has no operation ${endpoint.operation}`);
    const [root, ...more] = op.selectionSet.selections;
    if (root?.kind !== Kind.FIELD || more.length) throw new Error(`${endpoint.operation} must select exactly one root field`);
    const inPath = new Set([...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
    const variables = (op.variableDefinitions ?? []).map((v): Variable => {
      const name = v.variable.name.value;
      const type = typeFromAST(schema, v.type as never) as GraphQLInputType;
      return { name, type, in: inPath.has(name) ? 'path' : endpoint.method === 'GET' ? 'query' : 'body', required: isNonNullType(type) && !v.defaultValue };
    });
    for (const name of inPath) {
      if (!variables.some((v) => v.name === name)) throw new Error(`${endpoint.path} names {${name}}, which ${endpoint.operation} does not declare`);
    }
    return { ...endpoint, query: print(op), field: root.alias?.value ?? root.name.value, variables };
  });
}

/** `errors` as /graphql answers them: a message, the path of a field withheld, a code of lib/errors.ts. */
const errorList: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['message', 'extensions'],
    properties: {
      message: { type: 'string' },
      path: { type: 'array', items: { type: ['string', 'integer'] } },
      extensions: {
        type: 'object',
        required: ['code'],
        properties: {
          // Not an enum: Apollo Server's own codes (PERSISTED_QUERY_NOT_FOUND, ...) pass through too.
          code: { type: 'string', description: `The error's code: ${Object.keys(ERROR_CODES).join(', ')}, or one of Apollo Server's.` },
          reason: { type: 'string' },
        },
      },
    },
  },
};

const ERROR_RESPONSES: Record<string, string> = {
  400: 'Invalid parameters (BAD_USER_INPUT with extensions.reason, GRAPHQL_VALIDATION_FAILED) or limits (QUERY_TOO_COMPLEX).',
  401: 'A presented key or token is unknown, revoked, malformed, forged or expired (UNAUTHENTICATED).',
  403: 'The caller may not read this (FORBIDDEN), or its institution runs only trusted documents (UNTRUSTED_DOCUMENT).',
  404: 'Nothing answers to these parameters (NOT_FOUND).',
  429: 'Over the rate (RATE_LIMITED) or quota (QUOTA_EXCEEDED): retry after Retry-After seconds.',
};

/** The OpenAPI 3.1 document of the compiled endpoints. */
export function openApiDocument(schema: GraphQLSchema, endpoints: readonly CompiledEndpoint[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const field = schema.getQueryType()!.getFields()[e.field]!;
    const op = parse(e.query).definitions[0] as OperationDefinitionNode;
    const root = op.selectionSet.selections[0]!;
    const data = outputSchema(field.type, root.kind === Kind.FIELD ? root.selectionSet : undefined);
    const body = e.variables.filter((v) => v.in === 'body');
    const argDescription = (name: string) => field.args.find((a) => a.name === name)?.description ?? undefined;
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId: e.operation,
      summary: e.summary,
      ...(field.description ? { description: field.description } : {}),
      'x-graphql-operation': { name: e.operation, sha256: createHash('sha256').update(e.query).digest('hex'), document: e.query },
      parameters: e.variables.filter((v) => v.in !== 'body').map((v) => ({
        name: v.name, in: v.in, required: v.in === 'path' || v.required,
        ...(argDescription(v.name) ? { description: argDescription(v.name) } : {}),
        schema: inputSchema(v.type),
        ...(isListType(isNonNullType(v.type) ? v.type.ofType : v.type) ? { style: 'form', explode: true } : {}),
      })),
      ...(body.length ? {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: Object.fromEntries(body.map((v) => [v.name, inputSchema(v.type)])),
                required: body.filter((v) => v.required).map((v) => v.name),
                additionalProperties: false,
              },
            },
          },
        },
      } : {}),
      responses: {
        200: {
          description: `The value of \`${e.field}\`; \`errors\` lists fields withheld from the caller (FORBIDDEN, with their path).`,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['data'], properties: { data, errors: { $ref: '#/components/schemas/ErrorList' } } },
            },
          },
        },
        ...Object.fromEntries(Object.keys(ERROR_RESPONSES).map((status) => [status, { $ref: `#/components/responses/Error${status}` }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CreditGraph REST facade',
      version: '1.0.0',
      description: 'The most used reads of the CreditGraph GraphQL API for systems that do not speak GraphQL. '
        + 'Each endpoint runs its GraphQL operation (x-graphql-operation) through the gateway: the same keys and tokens, '
        + 'field rules, rate limits, quotas, metering and error codes as /graphql. A caller with no credential is anonymous.',
    },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An institution\'s API key.' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A person, an enterprise or an operator.' },
      },
      schemas: { ErrorList: errorList, Errors: { type: 'object', required: ['errors'], properties: { errors: { $ref: '#/components/schemas/ErrorList' } } } },
      responses: Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, description]) => [`Error${status}`, {
        description,
        ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
      }])),
    },
    // Any of the credentials, or none (anonymous: public information only).
    security: [{ apiKey: [] }, { bearer: [] }, {}],
  };
}
