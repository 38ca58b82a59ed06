import { CallerReach, onBehalfOf, Reach, RequireScopes } from '@app/auth';
import { AccountState, CloseAccount } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  PendingRequestDto,
  RequestTracking,
  Tracking,
  sendResponse,
  ZodValidationPipe,
} from '@app/requests';
import { Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AccountStateDto } from '../account-state.dto';
import { accountIdParam } from '../payment-http';

/** `POST /accounts/:id/close`: asks the worker to close an account. */
@ApiTags('accounts')
@RequireScopes('payments:write')
@Controller('accounts')
export class CloseAccountController {
  constructor(private readonly requests: CommandRequests) {}

  @Post(':id/close')
  @ApiOperation({
    summary: 'Close an account (a command): it keeps its balance, and pays and is paid no more',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({ status: 200, description: 'Closed (when waiting)', type: AccountStateDto.Output })
  @ApiResponse({ status: 202, description: 'Accepted', type: PendingRequestDto.Output })
  @ApiProblems({ 400: 'The id or Idempotency-Key is invalid' })
  @ApiRejections({ 404: 'No such account', 409: 'The account is closed already' })
  async close(
    @Param('id', new ZodValidationPipe(accountIdParam)) id: string,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('payments') reach: Reach,
  ): Promise<void> {
    const response = await this.requests.submit(
      CloseAccount,
      { accountId: id },
      tracking,
      prefer,
      { status: 200, location: (result) => `/accounts/${(result as AccountState).accountId}` },
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
