import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommandRequests } from './command-requests.service';
import { OutcomeResponse, pendingResponse } from './outcome-response';
import { PendingRequestDto } from './pending-request.dto';
import { ApiProblems } from './problem.dto';
import { RequestOutcomeDto } from './request-outcome.dto';
import { sendResponse } from './send-response';
import { trackingIdSchema } from './tracking-id';
import { ZodValidationPipe } from './zod-validation.pipe';

/** Answers `GET /requests/:trackingId`: the outcome of a tracked request, or 202 while it has none. */
@ApiTags('requests')
@Controller('requests')
export class RequestStatusController {
  constructor(private readonly requests: CommandRequests) {}

  @Get(':trackingId')
  @ApiOperation({
    summary: 'Read the outcome of a tracked request; Prefer: wait=N blocks until it exists',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: 'wait=N (seconds, capped by PREFER_WAIT_MAX_SECONDS)',
  })
  @ApiResponse({
    status: 200,
    description: 'The outcome: accepted (with the result) or rejected (with the reason)',
    type: RequestOutcomeDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'No outcome yet (or an unknown tracking id)',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'Not a tracking id: 1 to 200 visible ASCII characters' })
  async status(
    @Param('trackingId', new ZodValidationPipe(trackingIdSchema)) trackingId: string,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.requests.outcome(trackingId, prefer);
    const response: OutcomeResponse = outcome
      ? { status: 200, headers: {}, body: outcome }
      : pendingResponse(trackingId);
    sendResponse(res, response);
  }
}
