import { CallerReach, onBehalfOf, Reach, RequireScopes } from '@app/auth';
import { PlaceOrder } from '@app/events';
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
import { Body, Controller, ForbiddenException, Headers, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { acceptedOrder } from '../order-http';
import { OrderStateDto } from '../order-state.dto';
import { PlaceOrderDto } from './place-order.dto';

/** `POST /orders`: asks the worker to place an order, for a known customer or a new one. */
@ApiTags('orders')
@RequireScopes('orders:write')
@Controller('orders')
export class PlaceOrderController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({
    summary:
      'Place an order (a command: 202 at once, or the outcome with Prefer: wait=N). With ' +
      'newCustomer, the customers service creates the customer first; the wait covers both.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat it to get the same outcome; the order is never placed twice',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: 'wait=N: answer with the outcome within N seconds (at most 30)',
  })
  @ApiResponse({ status: 201, description: 'Placed (when waiting)', type: OrderStateDto.Output })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({
    400: 'Invalid body or Idempotency-Key, with field-level errors',
    403: 'An order for another customer, or a new one, by a caller acting for a customer',
  })
  @ApiRejections({
    409: "The new customer's email is taken, or the id chosen for it exists (when waiting)",
    422: 'Unknown customer, or invalid items (when waiting)',
  })
  async place(
    @Body() body: PlaceOrderDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('orders') reach: Reach,
  ): Promise<void> {
    if (!reach.everyOwner && body.customerId?.toLowerCase() !== reach.customerId)
      throw new ForbiddenException("A customer's caller places orders for that customer only");
    // The same key names the same order, so a retried request is deduplicated in order.
    const orderId = entityIdFor(tracking.id, 'orders');
    const response = await this.requests.submit(
      PlaceOrder,
      { orderId, ...body },
      tracking,
      prefer,
      acceptedOrder(201),
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
