/**
 * pino with redaction: logs never hold ID numbers, person names, tokens or keys. Paths cover
 * request headers and GraphQL variables wherever Fastify or our code put them.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-creditgraph-caller"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-creditgraph-caller"]',
  'variables',
  '*.variables',
  'idNumber',
  '*.idNumber',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'query',
  '*.query',
];

/** ID numbers (18 chars, last may be X) anywhere in a logged string are replaced. */
const ID_NUMBER_IN_TEXT = /\b\d{17}[\dXx]\b/g;

export function scrubText(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, '[REDACTED-ID]');
}

export function createLogger(opts: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const options: LoggerOptions = {
    name: opts.name,
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    hooks: {
      // Error messages can quote user input (e.g. a GraphQL document with an ID number inline).
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const s = pino.stdSerializers.err(err as Error);
        if (s && typeof s.message === 'string') s.message = scrubText(s.message);
        if (s && typeof s.stack === 'string') s.stack = scrubText(s.stack);
        return s;
      },
    },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export type { Logger };
