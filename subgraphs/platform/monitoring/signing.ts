/**
 * Standard Webhooks (https://www.standardwebhooks.com): a secret `whsec_<base64>`, and on every
 * attempt the headers `webhook-id` (the message's, the same on every retry), `webhook-timestamp`
 * (seconds, the attempt's) and `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * keyed with the secret's decoded bytes. Receivers verify with the specification's libraries.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { MonitoredChange } from '../db/feed.ts';

const PREFIX = 'whsec_';

export const newSecret = (): string => PREFIX + randomBytes(32).toString('base64');

export const newMessageId = (): string => `msg_${randomUUID().replaceAll('-', '')}`;

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function signedHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature(secret, id, timestamp, body),
  };
}

/** A change as the feed and the webhooks show it (the GraphQL MonitoringEvent, and `data` of a message). */
export function eventView(c: MonitoredChange) {
  return {
    id: String(c.seq), type: c.type, at: c.at, subjectKind: c.subjectKind, subject: c.subject, category: c.category,
    recordType: c.recordType, recordId: c.recordId, version: c.version, detail: c.detail,
  };
}

/** The message body: the specification's suggested `{ type, timestamp, data }` envelope. */
export function messageBody(c: MonitoredChange): string {
  const view = eventView(c);
  return JSON.stringify({
    type: c.type, timestamp: c.at.toISOString(),
    data: { ...view, at: c.at.toISOString(), detail: c.detail === null ? null : JSON.parse(c.detail) },
  });
}
