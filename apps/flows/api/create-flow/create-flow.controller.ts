import { RequireScopes } from '@app/auth';
import { CreateFlow, FlowState } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  entityIdFor,
  PendingRequestDto,
  RequestTracking,
  Tracking,
  sendResponse,
} from '@app/requests';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { FlowStateDto } from '../flow-state.dto';
import { CreateFlowDto } from './create-flow.dto';

/** `POST /flows`: asks the worker to create a flow. */
@ApiTags('flows')
@RequireScopes('flows:write')
@Controller('flows')
export class CreateFlowController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({
    summary: 'Create a flow (a command: 202 at once, or the outcome with Prefer: wait=N)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it to get the same outcome; the command never runs twice',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: 'wait=N: answer with the outcome within N seconds (at most 30)',
  })
  @ApiResponse({ status: 201, description: 'Created (when waiting)', type: FlowStateDto.Output })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'Invalid body or Idempotency-Key, with field-level errors' })
  @ApiRejections({ 409: 'The flow exists (when waiting)' })
  async create(
    @Body() body: CreateFlowDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    // The same key names the same flow, so a retried request is deduplicated in order.
    const flowId = entityIdFor(tracking.id, 'flows');
    const response = await this.requests.submit(CreateFlow, { flowId, ...body }, tracking, prefer, {
      status: 201,
      location: (result) => `/flows/${(result as FlowState).flowId}`,
    });
    sendResponse(res, response);
  }
}
