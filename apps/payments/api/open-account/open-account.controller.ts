import { CallerReach, onBehalfOf, Reach, requireReach, RequireScopes } from '@app/auth';
import { AccountState, OpenAccount } from '@app/events';
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
import { AccountStateDto } from '../account-state.dto';
import { OpenAccountDto } from './open-account.dto';

/** `POST /accounts`: asks the worker to open an account. */
@ApiTags('accounts')
@RequireScopes('payments:write')
@Controller('accounts')
export class OpenAccountController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({ summary: 'Open an account in one currency (a command)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({ status: 201, description: 'Opened (when waiting)', type: AccountStateDto.Output })
  @ApiResponse({ status: 202, description: 'Accepted', type: PendingRequestDto.Output })
  @ApiProblems({ 400: 'Invalid body or Idempotency-Key, with field-level errors' })
  @ApiRejections({ 409: 'The account exists (when waiting)' })
  async open(
    @Body() body: OpenAccountDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('payments') reach: Reach,
  ): Promise<void> {
    requireReach(reach, body.owner, `An account of ${body.owner}`);
    const accountId = entityIdFor(tracking.id, 'accounts');
    const response = await this.requests.submit(
      OpenAccount,
      { accountId, ...body },
      tracking,
      prefer,
      { status: 201, location: (result) => `/accounts/${(result as AccountState).accountId}` },
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
