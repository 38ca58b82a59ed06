export * from './health.constants';
export * from './health.module';
export type {
  HealthModuleExtras,
  HealthModuleOptions,
  HealthSettings,
} from './health.module-definition';
export * from './health.controller';
export * from './shutdown-state.service';
export * from './readiness-indicator';
export * from './database.health';
export * from './check-timeout.error';
