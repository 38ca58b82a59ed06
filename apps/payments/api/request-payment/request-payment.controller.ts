import { CallerReach, onBehalfOf, Reach, RequireScopes } from '@app/auth';
import { RequestPayment } from '@app/events';
import { PaymentState } from '@app/payments';
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
import { PaymentStateDto } from '../payment-state.dto';
import { RequestPaymentDto } from './request-payment.dto';

/** `POST /payments`: asks for a payment, answered when it completes or fails. */
@ApiTags('payments')
@RequireScopes('payments:write')
@Controller('payments')
export class RequestPaymentController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({
    summary:
      'Pay from one account to another (a command): with Prefer: wait=N, answered once the ' +
      'payment completed (201) or failed (422)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it to get the same outcome; the payment is never made twice',
  })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N (at most 30)' })
  @ApiResponse({
    status: 201,
    description: 'Completed (when waiting): the payment',
    type: PaymentStateDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted, not yet completed nor failed: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'Invalid body or Idempotency-Key, with field-level errors' })
  @ApiRejections({
    422:
      'The payment failed (when waiting): insufficient funds, an unknown or closed account, ' +
      'another currency, or the same account twice',
  })
  async pay(
    @Body() body: RequestPaymentDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('payments') reach: Reach,
  ): Promise<void> {
    const paymentId = entityIdFor(tracking.id, 'payments');
    const response = await this.requests.submit(
      RequestPayment,
      { paymentId, ...body },
      tracking,
      prefer,
      { status: 201, location: (result) => `/payments/${(result as PaymentState).paymentId}` },
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
