import { EventCatalogue } from '../../event-catalogue';
import { CreateFlow } from './create-flow.event';
import { FlowCreated } from './flow-created.event';
import { FlowRequestRejected } from './flow-request-rejected.event';

/** Every event type of the flows service, commands and facts. */
export const flowsCatalogue = new EventCatalogue([CreateFlow, FlowCreated, FlowRequestRejected]);
