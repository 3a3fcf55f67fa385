import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { compileEndpoints, openApiDocument } from './openapi.ts';

const schema = buildSchema(`
  "A shop."
  type Shop { id: ID! "Its name." name: String! rating: Float tags: [String!] kind: Kind }
  enum Kind { FOOD TOOLS }
  type Query { "A shop by id." shop(id: ID!, "Only open ones." open: Boolean): Shop shops(ids: [ID!]!, first: Int = 10): [Shop!]! }
`);
const OPS = `
  query Shop($id: ID!, $open: Boolean) { shop(id: $id, open: $open) { id name rating kind } }
  query Shops($ids: [ID!]!, $first: Int) { shops(ids: $ids, first: $first) { id tags } }
`;
const endpoints = [
  { operation: 'Shop', method: 'GET' as const, path: '/rest/v1/shops/{id}', summary: 'A shop' },
  { operation: 'Shops', method: 'POST' as const, path: '/rest/v1/shop-lists', summary: 'Shops' },
];

describe('compileEndpoints', () => {
  it('places each variable in the path, the query string or the body, with its requiredness', () => {
    const [get, post] = compileEndpoints(schema, OPS, endpoints);
    expect(get!.variables.map((v) => [v.name, v.in, v.required])).toEqual([['id', 'path', true], ['open', 'query', false]]);
    expect(post!.variables.map((v) => [v.name, v.in, v.required])).toEqual([['ids', 'body', true], ['first', 'body', false]]);
    expect(get!.field).toBe('shop');
    expect(get!.query).toBe('query Shop($id: ID!, $open: Boolean) {\n  shop(id: $id, open: $open) {\n    id\n    name\n    rating\n    kind\n  }\n}');
  });

  it('refuses at compile time an operation the schema no longer takes, a missing operation and a path variable it does not declare', () => {
    expect(() => compileEndpoints(schema, 'query Shop($id: ID!) { shop(id: $id) { gone } }', endpoints.slice(0, 1))).toThrow(/Cannot query field "gone"/);
    expect(() => compileEndpoints(schema, OPS, [{ ...endpoints[0]!, operation: 'Nope' }])).toThrow(/no operation Nope/);
    expect(() => compileEndpoints(schema, OPS, [{ ...endpoints[0]!, path: '/rest/v1/shops/{shopId}' }])).toThrow(/\{shopId\}/);
    expect(() => compileEndpoints(schema, 'query Shop($id: ID!) { shop(id: $id) { id } again: shop(id: $id) { id } }', endpoints.slice(0, 1))).toThrow(/exactly one root field/);
  });
});

describe('openApiDocument', () => {
  const doc = openApiDocument(schema, compileEndpoints(schema, OPS, endpoints)) as any;

  it('describes the selection as JSON Schema: null where GraphQL allows it, enums listed, descriptions kept', () => {
    const data = doc.paths['/rest/v1/shops/{id}'].get.responses['200'].content['application/json'].schema.properties.data;
    expect(data).toEqual({
      type: ['object', 'null'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string', description: 'Its name.' },
        rating: { type: ['number', 'null'] },
        kind: { type: ['string', 'null'], enum: ['FOOD', 'TOOLS', null] },
      },
      required: ['id', 'name', 'rating', 'kind'],
      additionalProperties: false,
    });
    const list = doc.paths['/rest/v1/shop-lists'].post.responses['200'].content['application/json'].schema.properties.data;
    expect(list.type).toBe('array');
    expect(list.items.properties.tags).toEqual({ type: ['array', 'null'], items: { type: 'string' } });
  });

  it('documents path and query parameters with their argument descriptions, and a POST body', () => {
    const get = doc.paths['/rest/v1/shops/{id}'].get;
    expect(get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'open', in: 'query', required: false, description: 'Only open ones.', schema: { type: 'boolean' } },
    ]);
    expect(get.description).toBe('A shop by id.');
    expect(doc.paths['/rest/v1/shop-lists'].post.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: { ids: { type: 'array', items: { type: 'string' } }, first: { type: 'integer' } },
      required: ['ids'],
      additionalProperties: false,
    });
  });
});
