/**
 * The supergraph the peers get: the committed one without the authorization directives and their
 * `for: SECURITY` links (`@apollo/gateway` refuses those links; neither peer enforces them), the
 * same stripping our gateway does internally, with the routing URLs of the running subgraphs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractRules } from '../gateway/authorization/directives.ts';
import { ROOT } from './processes.ts';

export function peerSupergraph(urls: Record<string, string>): string {
  const { strippedSdl } = extractRules(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  if (/for: SECURITY/.test(strippedSdl)) throw new Error('the stripped supergraph still links a SECURITY spec');
  const seen = new Set<string>();
  const sdl = strippedSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_m, name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`no running subgraph for ${name}`);
    seen.add(name);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
  for (const name of Object.keys(urls)) if (!seen.has(name)) throw new Error(`the supergraph has no subgraph ${name}`);
  return sdl;
}

export function writePeerSupergraph(dir: string, urls: Record<string, string>): string {
  const file = join(dir, 'supergraph-peers.graphql');
  writeFileSync(file, peerSupergraph(urls));
  return file;
}
