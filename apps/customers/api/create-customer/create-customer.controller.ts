import { CreateCustomer, CustomerFields } from '@app/events';
import {
  CommandRequests,
  entityIdFor,
  sendResponse,
  requestTracking,
  ZodValidationPipe,
} from '@app/requests';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { acceptedCustomer, customerFieldsInput } from '../customer-http';

/** `POST /customers`: asks the worker to create a customer. */
@ApiTags('customers')
@Controller('customers')
export class CreateCustomerController {
  constructor(private readonly requests: CommandRequests) {}

  @Post()
  @ApiOperation({
    summary: 'Create a customer (a command: 202 at once, or the outcome with Prefer: wait=N)',
  })
  @ApiBody({ schema: z.toJSONSchema(customerFieldsInput, { io: 'input' }) as object })
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
  @ApiResponse({ status: 201, description: 'Created (when waiting): the customer' })
  @ApiResponse({ status: 202, description: 'Accepted: the tracking id and where to look' })
  @ApiResponse({
    status: 400,
    description: 'Invalid body, with field-level errors (unknown fields included)',
  })
  @ApiResponse({ status: 409, description: 'Email already taken (when waiting)' })
  async create(
    @Body(new ZodValidationPipe(customerFieldsInput)) body: CustomerFields,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const tracking = requestTracking(idempotencyKey);
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
