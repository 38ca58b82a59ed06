/** Defaults of the health lib; each option's JSDoc names its default here. */
export const HealthDefaults = {
  /** After shutdown begins, how long `/health/ready` answers 503 before the HTTP server closes. */
  drainMs: 0,
  /** Time allowed to each readiness check (the database ping included) before it counts as down. */
  checkTimeoutMs: 1_000,
} as const;

/** Token of the readiness indicators `/health/ready` runs, the database ping first. */
export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');

/** Token of the validated `HealthSettings`. */
export const HEALTH_SETTINGS = Symbol('HEALTH_SETTINGS');

/** Name of the built-in database indicator in the readiness body; apps may not reuse it. */
export const DATABASE_INDICATOR = 'database';

/** Name of the pseudo-indicator reported down in the readiness body while shutting down. */
export const SHUTDOWN_INDICATOR = 'shutdown';
