/** Moved to lib/collection/validate.ts (shared with the person and social-org subgraphs' collection); kept so the enterprise files import as before. */
export * from '../../../lib/collection/validate.ts';
