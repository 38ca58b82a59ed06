import { CallerReach, onBehalfOf, Reach, requireReach, RequireScopes } from '@app/auth';
import { CustomerEntity } from '@app/customers';
import { UpdateCustomer } from '@app/events';
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
import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { acceptedCustomer, currentCustomerAt, versionFromIfMatch } from '../customer-http';
import { CustomerStateDto } from '../customer-state.dto';
import { UpdateCustomerDto } from './update-customer.dto';

/** `PATCH /customers/:id`: asks the worker to change a customer, optimistically locked by If-Match. */
@ApiTags('customers')
@RequireScopes('customers:write')
@Controller('customers')
export class UpdateCustomerController {
  constructor(
    private readonly requests: CommandRequests,
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Change a customer (a command); If-Match guards against lost updates' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag (version) the change is based on',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiResponse({
    status: 200,
    description: 'Changed (when waiting): the customer',
    type: CustomerStateDto.Output,
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'Invalid id, body or Idempotency-Key, with field-level errors' })
  @ApiRejections(
    {
      404: 'No such customer',
      409: 'Email already taken (when waiting)',
      412: 'The customer changed since the If-Match version',
    },
    { orProblem: true },
  )
  @ApiRejections({ 422: 'The worker refused the command as invalid (when waiting)' })
  async update(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @Body() changes: UpdateCustomerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Tracking() tracking: RequestTracking,
    @Headers('prefer') prefer: string | undefined,
    @Res() res: Response,
    @CallerReach('customers') reach: Reach,
  ): Promise<void> {
    requireReach(reach, id, `Customer ${id}`);
    const expectedVersion = versionFromIfMatch(ifMatch);
    await currentCustomerAt(this.customers, id, expectedVersion);
    const response = await this.requests.submit(
      UpdateCustomer,
      { customerId: id, expectedVersion, changes },
      tracking,
      prefer,
      acceptedCustomer(200),
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
