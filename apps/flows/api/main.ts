import { FlowRejections, flowsService } from '@app/flows';
import { runApi } from '@app/service';
import { CreateFlowController } from './create-flow/create-flow.controller';
import { GetFlowController } from './get-flow/get-flow.controller';

runApi(flowsService, {
  controllers: [CreateFlowController, GetFlowController],
  rejectionStatuses: { [FlowRejections.flowExists]: 409, 'schema-violation': 422 },
});
