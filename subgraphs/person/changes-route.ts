/**
 * `GET /changes` on the person subgraph: its change log's tail for the platform's monitoring,
 * served by the one route of lib/changes-route.ts (signed caller header, operator services only).
 */
import type { FastifyInstance } from 'fastify';
import { changeLogOf, registerChangesRoute } from '../../lib/changes-route.ts';
import type { Db } from './db/client.ts';

export function registerPersonChangesRoute(app: FastifyInstance, deps: { db: Db; callerSecret: string }): void {
  registerChangesRoute(app, { callerSecret: deps.callerSecret, log: changeLogOf(deps.db.prisma.changeEvent) });
}
