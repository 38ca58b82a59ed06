export * from './app-process';
export * from './kcat';
export * from './stack-config';
export * from './test-database';
export * from './wait-for';
export * from './throwaway-postgres';
export * from './ledger-fixture';
export * from './in-memory-batch-ledger';
