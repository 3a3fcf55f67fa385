import { describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { subgraph } from './main.ts';

const { typeDefs } = subgraph;

describe('platform SDL', () => {
  it('marks every operator mutation with @requiresScopes(scopes: [["operator"]])', () => {
    const mutation = parse(typeDefs).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation',
    );
    const marks = Object.fromEntries((mutation?.fields ?? []).map((f) => [
      f.name.value,
      f.directives?.map((d) => print(d)),
    ]));
    const operatorOnly = ['@requiresScopes(scopes: [["operator"]])'];
    expect(marks).toEqual({
      registerInstitution: operatorOnly,
      issueApiKey: operatorOnly,
      revokeApiKey: operatorOnly,
      rotateApiKey: operatorOnly,
      setInstitutionStatus: operatorOnly,
    });
  });

  it('marks Query.usage @authenticated and leaves it nullable (FORBIDDEN makes it null)', () => {
    const query = parse(typeDefs).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query',
    );
    const usage = query?.fields?.find((f) => f.name.value === 'usage');
    expect(usage?.directives?.map((d) => print(d))).toEqual(['@authenticated']);
    expect(usage && print(usage.type)).toBe('UsageReport');
  });
});
