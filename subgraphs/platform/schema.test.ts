import { describe, expect, it } from '@jest/globals';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { subgraph } from './main.ts';

const { typeDefs } = subgraph;

describe('platform SDL', () => {
  it('marks every operator mutation with @requiresScopes(scopes: [["operator"]]) and the monitoring ones @authenticated', () => {
    // The type and its extensions (trusted documents extend it in a block of their own).
    const mutation = parse(typeDefs).definitions.filter(
      (d): d is ObjectTypeDefinitionNode => (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Mutation',
    );
    const marks = Object.fromEntries(mutation.flatMap((m) => m.fields ?? []).map((f) => [
      f.name.value,
      f.directives?.map((d) => print(d)),
    ]));
    const operatorOnly = ['@requiresScopes(scopes: [["operator"]])'];
    const authenticated = ['@authenticated'];
    expect(marks).toEqual({
      registerInstitution: operatorOnly,
      issueApiKey: operatorOnly,
      revokeApiKey: operatorOnly,
      rotateApiKey: operatorOnly,
      setInstitutionStatus: operatorOnly,
      addTrustedDocuments: operatorOnly,
      restrictToTrustedDocuments: operatorOnly,
      updateApiKey: operatorOnly,
      updateInstitutionPlan: operatorOnly,
      // Monitoring is an institution's own (its watchlist, its webhooks): any signed-in caller
      // reaches the resolver, which serves institutions only (monitoring/monitoring.test.ts).
      watch: authenticated,
      watchCsv: authenticated,
      unwatch: authenticated,
      registerWebhook: authenticated,
      rotateWebhookSecret: authenticated,
      deleteWebhook: authenticated,
      replayWebhookDelivery: authenticated,
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
