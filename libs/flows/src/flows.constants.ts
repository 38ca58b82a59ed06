import { loadConfig } from '@app/config';
import { z } from 'zod';
import { CreateFlows1796015667949 } from './migrations/1796015667949-create-flows.migration';
import { AddFlowHopSubjects1796400000000 } from './migrations/1796400000000-add-flow-hop-subjects.migration';

/** The flows service's own PostgreSQL schema. @default 'flows' */
export const FLOWS_SCHEMA = 'flows';

/** The flows service's migrations, run after the worker tables. */
export const flowsMigrations = [CreateFlows1796015667949, AddFlowHopSubjects1796400000000];

/** Why the flows worker refuses a request; the API maps each to an HTTP status. */
export const FlowRejections = {
  unknownFlow: 'unknown-flow',
} as const;

/** Defaults of the flows view. */
export const FlowDefaults = {
  /** A running flow with no hop for longer than this is stuck. @default 300 */
  stuckAfterSeconds: 300,
  /** Flows one list answers at most. @default 100 */
  listLimit: 100,
} as const;

const flowsEnvSchema = z.object({
  /** @default 300 */
  FLOWS_STUCK_AFTER_SECONDS: z.coerce.number().positive().default(FlowDefaults.stuckAfterSeconds),
});

/** Injection token of the number of seconds after which a running flow is stuck. */
export const FLOWS_STUCK_AFTER_SECONDS = Symbol('FlowsStuckAfterSeconds');

/**
 * Reads `FLOWS_STUCK_AFTER_SECONDS` from `env` (the process's environment when left out).
 * @throws ConfigError when it is not a positive number.
 */
export function stuckAfterSecondsFromEnv(
  env?: Readonly<Record<string, string | undefined>>,
): number {
  return loadConfig(flowsEnvSchema, env).FLOWS_STUCK_AFTER_SECONDS;
}
