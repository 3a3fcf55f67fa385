/** The caller's address for per-IP rate limits: the socket's, or the one `trustProxyHops` proxies in front vouch for. */
import type { IncomingMessage } from 'node:http';

export function clientIpOf(req: IncomingMessage, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const xff = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const ip = xff[xff.length - trustProxyHops];
    if (ip) return ip;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
