import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { retryDelay } from './dispatcher.ts';
import { newMessageId, newSecret, signedHeaders } from './signing.ts';
import { subjectsOfCsv } from './subjects.ts';

describe('Standard Webhooks signing', () => {
  it('is verified by the published standardwebhooks package, and not with another secret or body', () => {
    const secret = newSecret();
    const body = JSON.stringify({ type: 'RECORD_ADDED', timestamp: '2026-12-06T10:00:00.000Z', data: { id: '7' } });
    const headers = signedHeaders(secret, newMessageId(), new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it('signs exactly as the package signs the same id, time and body', () => {
    const secret = newSecret();
    const at = new Date('2026-12-06T10:00:00.000Z');
    expect(signedHeaders(secret, 'msg_1', at, '{}')['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', at, '{}'));
  });
});

describe('retryDelay', () => {
  it('doubles from the base with up to half of it jitter, capped at an hour', () => {
    expect([1, 2, 3].map((n) => retryDelay(n, 1000, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((n) => retryDelay(n, 1000, () => 1))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(40, 5000, () => 1)).toBe(3600_000);
  });
});

describe('subjectsOfCsv', () => {
  it('takes the first column, skips a header line and blank lines, and unquotes', () => {
    expect(subjectsOfCsv('统一社会信用代码,名称\n"91330500MA2B3C4D5E",甲\n\n91330500MA2B3C4D5F\r\n')).toEqual(['91330500MA2B3C4D5E', '91330500MA2B3C4D5F']);
  });
});
