export * from './client.ts';
export * from './enterprises.ts';
export * from './records.ts';
export * from './commitments.ts';
export * from './list-changes.ts';
export * from './objections.ts';
export * from './repairs.ts';
export * from './sanctions.ts';
