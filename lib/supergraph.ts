/**
 * Offline supergraph composition from rover.yaml (rover's own config format), so that
 * `rover supergraph compose --config rover.yaml` and `npm run compose` agree.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse as parseGraphQL } from 'graphql';
import { parse as parseYaml } from 'yaml';

/** One subgraph of rover.yaml: where the gateway routes to and the SDL it composes (not a running subgraph's settings: that is `SubgraphConfig` in lib/config.ts). */
export interface RoverSubgraph {
  name: string;
  routingUrl: string;
  schemaPath: string;
  typeDefs: string;
}

export function readRoverConfig(roverPath: string): RoverSubgraph[] {
  const root = dirname(roverPath);
  const doc = parseYaml(readFileSync(roverPath, 'utf8')) as {
    subgraphs?: Record<string, { routing_url?: string; schema?: { file?: string } }>;
  };
  const entries = Object.entries(doc.subgraphs ?? {});
  if (entries.length === 0) throw new Error(`${roverPath}: no subgraphs`);
  return entries.map(([name, sub]) => {
    if (!sub.routing_url || !sub.schema?.file) {
      throw new Error(`${roverPath}: subgraph ${name} needs routing_url and schema.file`);
    }
    const schemaPath = resolve(root, sub.schema.file);
    return { name, routingUrl: sub.routing_url, schemaPath, typeDefs: readFileSync(schemaPath, 'utf8') };
  });
}

/** Composes the subgraphs; throws with every composition error listed. */
export function composeSupergraph(subgraphs: RoverSubgraph[]): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.routingUrl, typeDefs: parseGraphQL(s.typeDefs) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
