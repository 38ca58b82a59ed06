import { flowsCatalogue, Topics } from '@app/events';
import { defineService } from '@app/service';
import { FlowHopEntity } from './flow-hop.entity';
import { flowInputsOf } from './flow-inputs';
import { FlowEntity } from './flow.entity';
import { FLOWS_SCHEMA, flowsMigrations } from './flows.constants';

/**
 * The flows service as its API, worker, migration job and tests see it: its worker observes
 * every other service's topics and dead-letter topics (see `flowInputsOf`).
 */
export const flowsService = defineService({
  name: 'flows',
  catalogue: flowsCatalogue,
  topics: { commands: Topics.flowCommands, events: Topics.flowEvents },
  schema: FLOWS_SCHEMA,
  migrations: flowsMigrations,
  entities: [FlowEntity, FlowHopEntity],
  ports: { api: 3600, worker: 3601 },
  observes: flowInputsOf,
});
