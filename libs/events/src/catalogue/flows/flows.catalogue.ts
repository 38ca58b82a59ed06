import { EventCatalogue } from '../../event-catalogue';
import { AcknowledgeFlow } from './acknowledge-flow.event';
import { FlowAcknowledged } from './flow-acknowledged.event';
import { FlowRequestRejected } from './flow-request-rejected.event';

/** Every event type of the flows service, commands and facts. */
export const flowsCatalogue = new EventCatalogue([
  AcknowledgeFlow,
  FlowAcknowledged,
  FlowRequestRejected,
]);
