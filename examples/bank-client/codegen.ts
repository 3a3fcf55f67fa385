// GraphQL Code Generator's client preset for the bank client example: the result and variable
// types of every graphql(`...`) call in operations.ts, checked against the API schema a client sees
// (console/codegen.ts: the committed supergraph less its join machinery), written to gql/.
// `npm run codegen:example`; tests/bank-client.test.ts fails when gql/ is stale.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { apiSchemaSdl } from '../../console/codegen.ts';

export const OUTPUT_DIR = 'examples/bank-client/gql/';

export function bankClientCodegenConfig(): CodegenConfig {
  return {
    overwrite: true,
    schema: apiSchemaSdl(),
    documents: ['examples/bank-client/operations.ts'],
    ignoreNoDocuments: false,
    generates: {
      [OUTPUT_DIR]: {
        preset: 'client',
        // No fragments in the example: results are plain typed objects.
        presetConfig: { fragmentMasking: false },
        config: {
          // Documents as strings with their types attached: the client sends them with fetch and
          // needs no GraphQL library at run time.
          documentMode: 'string',
          useTypeImports: true,
          enumsAsTypes: true,
          importExtension: '.ts',
          scalars: { Date: 'string', DateTime: 'string', ID: 'string', Yuan: 'string' },
        },
      },
    },
  };
}

export default bankClientCodegenConfig();
