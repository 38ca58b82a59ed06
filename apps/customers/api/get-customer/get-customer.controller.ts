import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { CustomerEntity } from '@app/customers';
import { CustomerState } from '@app/events';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { etagOf } from '../customer-http';
import { CustomerStateDto } from '../customer-state.dto';

/** `GET /customers/:id`: reads one customer from the view. */
@ApiTags('customers')
@RequireScopes('customers:read')
@Controller('customers')
export class GetCustomerController {
  constructor(
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read a customer; its ETag is its version' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The customer', type: CustomerStateDto.Output })
  @ApiProblems({ 400: 'The id is not a UUID', 404: 'No such customer' })
  async get(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @Res({ passthrough: true }) res: Response,
    @CallerReach('customers') reach: Reach,
  ): Promise<CustomerState> {
    const customer = await this.customers.findOneBy({ customerId: id });
    if (!customer || !reaches(reach, customer.customerId))
      throw new NotFoundException(`Customer ${id} does not exist.`);
    res.setHeader('ETag', etagOf(customer.version));
    return CustomerEntity.toState(customer);
  }
}
