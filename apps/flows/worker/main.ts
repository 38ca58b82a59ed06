import { flowsService } from '@app/flows';
import { ConsumerGroups, FlowRequestRejected } from '@app/events';
import { runWorker } from '@app/service';
import { CreateFlowHandler } from './create-flow/create-flow.handler';

runWorker(flowsService, {
  groupId: ConsumerGroups.flowsWorker,
  handlers: [CreateFlowHandler],
  rejectionEvent: FlowRequestRejected,
});
