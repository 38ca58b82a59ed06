import { CallerReach, onBehalfOf, Reach, requireReach, RequireScopes } from '@app/auth';
import { CustomerEntity } from '@app/customers';
import { DeleteCustomer } from '@app/events';
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
import { Controller, Delete, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { currentCustomerAt, versionFromIfMatch } from '../customer-http';

/** `DELETE /customers/:id`: asks the worker to delete a customer. */
@ApiTags('customers')
@RequireScopes('customers:write')
@Controller('customers')
export class DeleteCustomerController {
  constructor(
    private readonly requests: CommandRequests,
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a customer (a command)' })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiHeader({ name: 'Prefer', required: false, description: 'wait=N' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 204, description: 'Deleted (when waiting)' })
  @ApiResponse({
    status: 202,
    description: 'Accepted: the tracking id and where to look',
    type: PendingRequestDto.Output,
  })
  @ApiProblems({ 400: 'The id or Idempotency-Key is invalid' })
  @ApiRejections(
    {
      404: 'No such customer',
      412: 'The customer changed since the If-Match version',
    },
    { orProblem: true },
  )
  async remove(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
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
      DeleteCustomer,
      { customerId: id, expectedVersion },
      tracking,
      prefer,
      { status: 204 },
      onBehalfOf(reach),
    );
    sendResponse(res, response);
  }
}
