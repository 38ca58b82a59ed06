import { flowsCatalogue, Topics } from '@app/events';
import { defineService } from '@app/service';
import { FlowEntity } from './flow.entity';
import { FLOWS_SCHEMA, flowsMigrations } from './flows.constants';

/** The flows service as its API, worker, migration job and tests see it. */
export const flowsService = defineService({
  name: 'flows',
  catalogue: flowsCatalogue,
  topics: { commands: Topics.flowCommands, events: Topics.flowEvents },
  schema: FLOWS_SCHEMA,
  migrations: flowsMigrations,
  entities: [FlowEntity],
  ports: { api: 3600, worker: 3601 },
});
