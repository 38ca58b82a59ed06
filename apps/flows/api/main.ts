import {
  FLOWS_STUCK_AFTER_SECONDS,
  FlowRejections,
  flowsService,
  stuckAfterSecondsFromEnv,
} from '@app/flows';
import { runApi } from '@app/service';
import { AcknowledgeFlowController } from './acknowledge-flow/acknowledge-flow.controller';
import { GetFlowController } from './get-flow/get-flow.controller';
import { ListFlowsController } from './list-flows/list-flows.controller';

runApi(flowsService, {
  controllers: [ListFlowsController, GetFlowController, AcknowledgeFlowController],
  rejectionStatuses: { [FlowRejections.unknownFlow]: 404, 'schema-violation': 422 },
  providers: [
    // Read at start: a bad FLOWS_STUCK_AFTER_SECONDS stops the API, naming it.
    { provide: FLOWS_STUCK_AFTER_SECONDS, useFactory: () => stuckAfterSecondsFromEnv() },
  ],
});
