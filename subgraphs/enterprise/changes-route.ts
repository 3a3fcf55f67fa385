/**
 * `GET /changes`: the enterprise change log's tail for services in other processes (monitoring,
 * the gateways' cache invalidation), served by the one route of lib/changes-route.ts.
 */
import type { FastifyInstance } from 'fastify';
import { registerChangesRoute as register } from '../../lib/changes-route.ts';
import type { Db } from './db/client.ts';
import { findChangeEvents, lastChangeSeq } from './db/change-log.ts';

export { toChangeEvent } from '../../lib/db/change-log.ts';

export function registerChangesRoute(app: FastifyInstance, deps: { db: Db; callerSecret: string }): void {
  register(app, {
    callerSecret: deps.callerSecret,
    log: { after: (seq, take) => findChangeEvents(deps.db, seq, take), last: () => lastChangeSeq(deps.db) },
  });
}
