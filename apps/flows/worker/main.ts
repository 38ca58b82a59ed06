import { AcknowledgeFlowHandler } from './acknowledge-flow/acknowledge-flow.handler';
import { ConsumerGroups, FlowRequestRejected } from '@app/events';
import { FLOWS_STUCK_AFTER_SECONDS, flowsService, stuckAfterSecondsFromEnv } from '@app/flows';
import { runWorker } from '@app/service';
import { FlowMetrics } from './flow-metrics';
import { RecordHopHandler } from './record-hop/record-hop.handler';

runWorker(flowsService, {
  groupId: ConsumerGroups.flowsWorker, // renaming it re-reads every observed topic
  handlers: [RecordHopHandler, AcknowledgeFlowHandler],
  rejectionEvent: FlowRequestRejected,
  providers: [
    FlowMetrics,
    // Read at start: a bad FLOWS_STUCK_AFTER_SECONDS stops the worker, naming it.
    { provide: FLOWS_STUCK_AFTER_SECONDS, useFactory: () => stuckAfterSecondsFromEnv() },
  ],
});
