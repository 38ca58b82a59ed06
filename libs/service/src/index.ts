export * from './service-definition';
export * from './service-env';
export * from './connection-env';
export * from './service-api.module';
export * from './service-worker.module';
export * from './run-service';
export * from './kafka-acls';
