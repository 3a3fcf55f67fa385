/**
 * Where a webhook may point (SSRF): https in production, and never at loopback, private, shared
 * (CGNAT), link-local, metadata, multicast or reserved addresses unless the operator's allowlist
 * (`WEBHOOK_ALLOWED_NETWORKS`) covers them. Checked when a webhook is registered and again at each
 * delivery after DNS: `guardedLookup` is the `lookup` the delivery's socket uses, so the address
 * connected to is the address checked (a name re-pointed between check and connect gains nothing).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface Network { address: string; prefix: number; family: 'ipv4' | 'ipv6' }

/** Ranges no webhook reaches by default. Alibaba Cloud's metadata (100.100.100.200) is in 100.64/10, AWS's IPv6 one in fc00::/7. */
const FORBIDDEN: readonly Network[] = parseNetworks([
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '64:ff9b::/96', '2001:db8::/32',
].join(','));

function blockList(networks: readonly Network[]): BlockList {
  const list = new BlockList();
  for (const n of networks) list.addSubnet(n.address, n.prefix, n.family);
  return list;
}
const forbidden = blockList(FORBIDDEN);

/** `127.0.0.0/8,::1/128` → networks; throws on anything else (config validation reports it). */
export function parseNetworks(text: string): Network[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((cidr) => {
    const [address = '', bits] = cidr.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (version === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`not a CIDR: ${cidr}`);
    return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
  });
}

export class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

export interface AddressPolicy {
  allowed: readonly Network[];
  /** Production: https only. */
  httpsOnly: boolean;
}

/** Why `address` may not be reached, or null when it may. */
export function refusal(address: string, allowed: BlockList): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (!forbidden.check(address, family) || allowed.check(address, family)) return null;
  return `${address} is a loopback, private, link-local, metadata or reserved address`;
}

/** The URL as a webhook target, or a RefusedAddress naming why not (scheme, credentials, host). */
export function checkUrl(text: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RefusedAddress('not an absolute URL');
  }
  if (url.protocol !== 'https:' && (policy.httpsOnly || url.protocol !== 'http:')) {
    throw new RefusedAddress(policy.httpsOnly ? 'must be https' : 'must be http or https');
  }
  if (url.username || url.password) throw new RefusedAddress('must not carry credentials');
  if (text.length > 2000) throw new RefusedAddress('longer than 2000 characters');
  return url;
}

/** Resolves `hostname` (an IP literal as itself) and checks every address; the first is the one to use. */
export async function resolveChecked(hostname: string, allowed: BlockList): Promise<{ address: string; family: 4 | 6 }[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) as 4 | 6 }]
    : (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  if (addresses.length === 0) throw new RefusedAddress(`${host} has no address`);
  // Every address must pass: a name with one public and one private address is refused, since the
  // resolver's order is not ours to rely on.
  for (const a of addresses) {
    const why = refusal(a.address, allowed);
    if (why) throw new RefusedAddress(`${host}: ${why}`);
  }
  return addresses;
}

export function allowList(networks: readonly Network[]): BlockList {
  return blockList(networks);
}

/** A socket `lookup` that resolves, checks, and hands the socket exactly the addresses it checked. */
export function guardedLookup(allowed: BlockList): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolveChecked(hostname, allowed).then(
      (addresses) => (options?.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (err: unknown) => callback(err),
    );
  }) as LookupFunction;
}
