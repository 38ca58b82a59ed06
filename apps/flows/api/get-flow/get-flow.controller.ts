import { RequireScopes } from '@app/auth';
import { FLOWS_STUCK_AFTER_SECONDS, FlowView, flowView, FlowViewRepository } from '@app/flows';
import { ApiProblems, trackingIdSchema, ZodValidationPipe } from '@app/requests';
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { FlowViewDto } from '../flow-view.dto';

/** `GET /flows/:correlationId`: what happened to one request, across the landscape. */
@ApiTags('flows')
@RequireScopes('flows:read')
@Controller('flows')
export class GetFlowController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(FLOWS_STUCK_AFTER_SECONDS) private readonly stuckAfterSeconds: number,
  ) {}

  @Get(':correlationId')
  @ApiOperation({
    summary: 'Read a flow: its state and every hop in order, with its latencies',
  })
  @ApiParam({
    name: 'correlationId',
    description: 'the tracking id of the request that started it',
  })
  @ApiResponse({ status: 200, description: 'The flow', type: FlowViewDto.Output })
  @ApiProblems({
    400: 'The id cannot be a tracking id (1 to 200 visible ASCII characters)',
    404: 'No event of this flow was seen',
  })
  async get(
    @Param('correlationId', new ZodValidationPipe(trackingIdSchema)) correlationId: string,
  ): Promise<FlowView> {
    const stored = await new FlowViewRepository(this.dataSource.manager).find(correlationId);
    if (!stored) throw new NotFoundException(`No event of flow ${correlationId} was seen.`);
    return flowView(stored, new Date(), this.stuckAfterSeconds);
  }
}
