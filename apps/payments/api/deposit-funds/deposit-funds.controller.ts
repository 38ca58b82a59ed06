import { CallerReach, Reach, requireEveryOwner, RequireScopes } from '@app/auth';
import { DepositFunds } from '@app/events';
import {
  ApiProblems,
  ApiRejections,
  CommandRequests,
  entityIdFor,
  PendingRequestDto,
  RequestTracking,
  Tracking,
  sendResponse,
  ZodValidationPipe,
} from '@app/requests';
import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { accountIdParam } from '../payment-http';
import { DepositDto, FundsDepositedDto } from './deposit.dto';

/** `POST /accounts/:id/deposits`: asks the worker to bring money into an account from outside. */
@ApiTags('accounts')
@RequireScopes('payments:write')
@Controller('accounts')
export class DepositFundsController {
  constructor(private readonly requests: CommandRequests) {}

  @Post(':id/deposits')
  @ApiOperation({
    summary: 'Deposit money from outside, the only way money enters (a command; minor units)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it to get the same outcome; the deposit is never made twice',
  })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({
    status: 201,
    description: 'Deposited (when waiting): the balance after it',
    type: FundsDepositedDto.Output,
  })
  @ApiResponse({ status: 202, description: 'Accepted', type: PendingRequestDto.Output })
  @ApiProblems({ 400: 'Invalid id, body or Idempotency-Key, with field-level errors' })
  @ApiRejections({ 404: 'No such account', 409: 'The account is closed' })
  async deposit(
    @Param('id', new ZodValidationPipe(accountIdParam)) id: string,
    @Body() body: DepositDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('payments') reach: Reach,
  ): Promise<void> {
    // Money comes in from outside (a payment provider, a back office), never from a customer's word.
    requireEveryOwner(reach, 'payments', 'A deposit');
    const depositId = entityIdFor(tracking.id, 'deposits');
    const response = await this.requests.submit(
      DepositFunds,
      { depositId, accountId: id, amount: body.amount },
      tracking,
      prefer,
      { status: 201 },
    );
    sendResponse(res, response);
  }
}
