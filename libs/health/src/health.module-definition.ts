import {
  ConfigurableModuleBuilder,
  DynamicModule,
  InjectionToken,
  ModuleMetadata,
  Provider,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DatabaseConnection, DatabaseHealth } from './database.health';
import {
  DATABASE_INDICATOR,
  HEALTH_SETTINGS,
  HealthDefaults,
  READINESS_INDICATORS,
} from './health.constants';
import { ReadinessIndicator } from './readiness-indicator';

/** Settings of `HealthModule.forRoot` (or `forRootAsync`). */
export interface HealthModuleOptions {
  /**
   * After shutdown begins, how long `/health/ready` answers 503 while the HTTP server still
   * serves: set it (a few probe periods) to let load balancers and probes see "not ready"
   * before the server closes.
   * @default 0
   */
  readonly drainMs?: number;
  /** Time allowed to each readiness check, the database ping included. @default 1000 */
  readonly checkTimeoutMs?: number;
}

/** What `HealthModule` needs to know when the module is defined (not resolvable asynchronously). */
export interface HealthModuleExtras {
  /** Tokens of the app's readiness indicators, resolved in the module's scope (its `imports`, `providers`, globals). */
  readonly readinessIndicators: readonly InjectionToken<ReadinessIndicator>[];
  /** Modules that export the indicators. */
  readonly imports: NonNullable<ModuleMetadata['imports']>;
  /** Indicator providers to instantiate inside the health module. */
  readonly providers: readonly Provider[];
  /** The DataSource to ping. @default getDataSourceToken() (TypeORM's default DataSource) */
  readonly dataSource?: InjectionToken<DatabaseConnection>;
}

/** The health module's validated settings, every default applied. */
export interface HealthSettings {
  readonly drainMs: number;
  readonly checkTimeoutMs: number;
}

/** The generated base class of `HealthModule`, its options token and option types. */
export const {
  ConfigurableModuleClass: HealthConfigurableModule,
  MODULE_OPTIONS_TOKEN: HEALTH_OPTIONS,
  OPTIONS_TYPE: HEALTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: HEALTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<HealthModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<HealthModuleExtras>(
    { readinessIndicators: [], imports: [], providers: [] },
    addReadiness,
  )
  .build();

/**
 * Applies the defaults and checks the options.
 * @throws Error when a duration is negative or not an integer, or the check timeout is zero.
 */
export function resolveHealthSettings(options: HealthModuleOptions): HealthSettings {
  const drainMs = options.drainMs ?? HealthDefaults.drainMs;
  const checkTimeoutMs = options.checkTimeoutMs ?? HealthDefaults.checkTimeoutMs;
  if (!Number.isInteger(drainMs) || drainMs < 0) {
    throw new Error(
      `HealthModule drainMs must be a whole number of milliseconds >= 0, got ${drainMs}.`,
    );
  }
  if (!Number.isInteger(checkTimeoutMs) || checkTimeoutMs <= 0) {
    throw new Error(
      `HealthModule checkTimeoutMs must be a whole number of milliseconds > 0, got ${checkTimeoutMs}.`,
    );
  }
  return { drainMs, checkTimeoutMs };
}

/**
 * Adds to the module definition the settings, the database indicator and the app's indicators.
 * @throws Error at bootstrap when two indicators share a name.
 */
function addReadiness(definition: DynamicModule, extras: HealthModuleExtras): DynamicModule {
  const providers: Provider[] = [
    { provide: HEALTH_SETTINGS, inject: [HEALTH_OPTIONS], useFactory: resolveHealthSettings },
    {
      provide: DatabaseHealth,
      inject: [extras.dataSource ?? getDataSourceToken(), HEALTH_SETTINGS],
      useFactory: (database: DatabaseConnection, settings: HealthSettings) =>
        new DatabaseHealth(database, settings.checkTimeoutMs),
    },
    {
      provide: READINESS_INDICATORS,
      inject: [DatabaseHealth, ...extras.readinessIndicators],
      useFactory: (...indicators: ReadinessIndicator[]) => uniquelyNamed(indicators),
    },
  ];
  return {
    ...definition,
    imports: [...(definition.imports ?? []), ...extras.imports],
    providers: [...(definition.providers ?? []), ...providers, ...extras.providers],
  };
}

function uniquelyNamed(indicators: ReadinessIndicator[]): ReadinessIndicator[] {
  const seen = new Set<string>();
  for (const { name } of indicators) {
    if (typeof name !== 'string' || name === '')
      throw new Error('A readiness indicator needs a non-empty name.');
    if (seen.has(name)) {
      const hint =
        name === DATABASE_INDICATOR ? ` ('${DATABASE_INDICATOR}' is the built-in ping)` : '';
      throw new Error(
        `Two readiness indicators are named '${name}'${hint}; give each a unique name.`,
      );
    }
    seen.add(name);
  }
  return indicators;
}
