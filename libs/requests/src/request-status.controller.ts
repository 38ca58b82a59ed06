import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DEFAULT_MAX_WAIT_SECONDS } from './requests.options';
import { pendingResponse, OutcomeResponse } from './outcome-response';
import { parsePreferWait } from './prefer-wait';
import { RequestOutcomes } from './request-outcomes.service';
import { sendResponse } from './send-response';

/** Answers `GET /requests/:trackingId`: the outcome of a tracked request, or 202 while it has none. */
@ApiTags('requests')
@Controller('requests')
export class RequestStatusController {
  constructor(private readonly outcomes: RequestOutcomes) {}

  @Get(':trackingId')
  @ApiOperation({
    summary: 'Read the outcome of a tracked request; Prefer: wait=N blocks until it exists',
  })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N (seconds, at most 30)' })
  @ApiResponse({
    status: 200,
    description: 'The outcome: accepted (with the result) or rejected (with the reason)',
  })
  @ApiResponse({ status: 202, description: 'No outcome yet (or an unknown tracking id)' })
  async status(
    @Param('trackingId') trackingId: string,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const wait = parsePreferWait(prefer, DEFAULT_MAX_WAIT_SECONDS);
    const outcome =
      wait === undefined
        ? await this.outcomes.find(trackingId)
        : await this.outcomes.waitFor(trackingId, wait);
    const response: OutcomeResponse = outcome
      ? { status: 200, headers: {}, body: outcome }
      : pendingResponse(trackingId);
    sendResponse(res, response);
  }
}
