import { CustomerEntity } from '@app/customers';
import { UpdateCustomer } from '@app/events';
import { CommandRequests, sendResponse, requestTracking, ZodValidationPipe } from '@app/requests';
import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { z } from 'zod';
import {
  acceptedCustomer,
  currentCustomerAt,
  customerChangesInput,
  customerFieldsInput,
  versionFromIfMatch,
} from '../customer-http';

/** `PATCH /customers/:id`: asks the worker to change a customer, optimistically locked by If-Match. */
@ApiTags('customers')
@Controller('customers')
export class UpdateCustomerController {
  constructor(
    private readonly requests: CommandRequests,
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Change a customer (a command); If-Match guards against lost updates' })
  @ApiBody({ schema: z.toJSONSchema(customerFieldsInput.partial(), { io: 'input' }) as object })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag (version) the change is based on',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({ status: 200, description: 'Changed (when waiting): the customer' })
  @ApiResponse({ status: 202, description: 'Accepted: the tracking id and where to look' })
  @ApiResponse({ status: 404, description: 'No such customer' })
  @ApiResponse({ status: 412, description: 'The customer changed since the If-Match version' })
  async update(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @Body(new ZodValidationPipe(customerChangesInput))
    changes: z.output<typeof customerChangesInput>,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const expectedVersion = versionFromIfMatch(ifMatch);
    const tracking = requestTracking(idempotencyKey);
    await currentCustomerAt(this.customers, id, expectedVersion);
    const response = await this.requests.submit(
      UpdateCustomer,
      { customerId: id, expectedVersion, changes },
      tracking,
      prefer,
      acceptedCustomer(200),
    );
    sendResponse(res, response);
  }
}
