/** The person-side registry of collected records and their receipts (prisma/person/schema.prisma, issue 13). */
import { prismaRegistry } from '../../../lib/collection/registry.ts';
import type { Tx } from './client.ts';

/** The registry's tables in the person database (lib/collection/registry.ts). */
export const registry = prismaRegistry<Tx>();
