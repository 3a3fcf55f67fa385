export * from './client.ts';
export * from './enterprises.ts';
export * from './records.ts';
