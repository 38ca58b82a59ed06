import { CallerReach, onBehalfOf, Reach, RequireScopes } from '@app/auth';
import { CancelOrder } from '@app/events';
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
import { Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { acceptedOrder } from '../order-http';
import { OrderStateDto } from '../order-state.dto';

/** `POST /orders/:id/cancel`: asks the worker to cancel an order that has not shipped. */
@ApiTags('orders')
@RequireScopes('orders:write')
@Controller('orders')
export class CancelOrderController {
  constructor(private readonly requests: CommandRequests) {}

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order that has not shipped (a command)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'Cancelled (when waiting)', type: OrderStateDto.Output })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'The id or Idempotency-Key is invalid' })
  @ApiRejections({
    404: 'No such order (when waiting)',
    403: "Another customer's order, for a caller acting for a customer (when waiting)",
    409: 'The order has shipped, is cancelled, or still awaits its customer (when waiting)',
  })
  async cancel(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('orders') reach: Reach,
  ): Promise<void> {
    const response = await this.requests.submit(
      CancelOrder,
      { orderId: id },
      tracking,
      prefer,
      acceptedOrder(200),
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
