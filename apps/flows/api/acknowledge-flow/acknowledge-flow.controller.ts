import { RequireScopes } from '@app/auth';
import { AcknowledgeFlow, flowAcknowledgementSchema } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  PendingRequestDto,
  RequestTracking,
  sendResponse,
  Tracking,
  trackingIdSchema,
  ZodValidationPipe,
} from '@app/requests';
import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { AcknowledgeFlowDto } from './acknowledge-flow.dto';

class FlowAcknowledgementDto extends createZodDto(flowAcknowledgementSchema) {}

/** `POST /flows/:correlationId/acknowledgement`: a person took care of a stuck or dead-lettered flow. */
@ApiTags('flows')
@RequireScopes('flows:write')
@Controller('flows')
export class AcknowledgeFlowController {
  constructor(private readonly requests: CommandRequests) {}

  @Post(':correlationId/acknowledgement')
  @ApiOperation({
    summary:
      'Acknowledge a flow: it leaves the stuck-flows alert (a command: 202 at once, or the outcome with Prefer: wait=N)',
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
  @ApiResponse({
    status: 200,
    description: 'Acknowledged (when waiting)',
    type: FlowAcknowledgementDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({
    400: 'Invalid body, Idempotency-Key or id (a tracking id), with field-level errors',
  })
  @ApiRejections({ 404: 'No event of this flow was seen (when waiting)' })
  async acknowledge(
    @Param('correlationId', new ZodValidationPipe(trackingIdSchema)) correlationId: string,
    @Body() body: AcknowledgeFlowDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const response = await this.requests.submit(
      AcknowledgeFlow,
      { correlationId, ...body },
      tracking,
      prefer,
      { status: 200 },
    );
    sendResponse(res, response);
  }
}
