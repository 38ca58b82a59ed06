import { CreateFlows1796015667949 } from './migrations/1796015667949-create-flows.migration';

/** The flows service's own PostgreSQL schema. @default 'flows' */
export const FLOWS_SCHEMA = 'flows';

/** The flows service's migrations, run after the worker tables. */
export const flowsMigrations = [CreateFlows1796015667949];

/** Why the flows worker refuses a request; the API maps each to an HTTP status. */
export const FlowRejections = {
  flowExists: 'flow-exists',
} as const;
