import { CallerReach, Reach, requireEveryOwner, RequireScopes } from '@app/auth';
import { CreateCustomer } from '@app/events';
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
import { acceptedCustomer } from '../customer-http';
import { CustomerStateDto } from '../customer-state.dto';
import { CreateCustomerDto } from './create-customer.dto';

/** `POST /customers`: asks the worker to create a customer. */
@ApiTags('customers')
@RequireScopes('customers:write')
@Controller('customers')
export class CreateCustomerController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({
    summary: 'Create a customer (a command: 202 at once, or the outcome with Prefer: wait=N)',
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
    status: 201,
    description: 'Created (when waiting): the customer',
    type: CustomerStateDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({
    400: 'Invalid body or Idempotency-Key, with field-level errors (unknown fields included)',
  })
  @ApiRejections({
    409: 'Email already taken, or the customer exists (when waiting)',
    422: 'The worker refused the command as invalid (when waiting)',
  })
  async create(
    @Body() body: CreateCustomerDto,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('customers') reach: Reach,
  ): Promise<void> {
    requireEveryOwner(reach, 'customers', 'Creating a customer');
    // The same key names the same customer, so a retried request is deduplicated in order.
    const customerId = entityIdFor(tracking.id, 'customers');
    const response = await this.requests.submit(
      CreateCustomer,
      { customerId, ...body },
      tracking,
      prefer,
      acceptedCustomer(201),
    );
    sendResponse(res, response);
  }
}
