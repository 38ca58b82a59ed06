import { CallerReach, Reach, requireEveryOwner, RequireScopes } from '@app/auth';
import { CustomerEntity } from '@app/customers';
import { ApiProblems, decodePageCursor, encodePageCursor } from '@app/requests';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { CustomersPageDto } from './customers-page.dto';
import { ListCustomersQueryDto } from './list-customers-query.dto';

/** Where a page ends: the last row's creation time and id, as this API encodes them. */
const cursorSchema = z.object({ createdAt: z.iso.datetime(), customerId: z.uuid() });
type Cursor = z.output<typeof cursorSchema>;

/** `GET /customers`: lists customers from the view, filtered, oldest first, by cursor. */
@ApiTags('customers')
@RequireScopes('customers:read')
@Controller('customers')
export class ListCustomersController {
  constructor(
    @InjectRepository(CustomerEntity) private readonly customers: Repository<CustomerEntity>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List customers; pass nextCursor back as cursor for the next page' })
  @ApiResponse({ status: 200, description: 'A page of customers', type: CustomersPageDto.Output })
  @ApiProblems({ 400: 'Invalid filter, limit or cursor, with field-level errors' })
  async list(
    @Query() query: ListCustomersQueryDto,
    @CallerReach('customers') reach: Reach,
  ): Promise<CustomersPageDto> {
    requireEveryOwner(reach, 'customers', 'Listing customers');
    const select = this.customers
      .createQueryBuilder('c')
      .orderBy('c.created_at')
      .addOrderBy('c.customer_id');
    if (query.email) select.andWhere('c.email = :email', { email: query.email });
    if (query.name) select.andWhere('c.name ILIKE :name', { name: `%${escapeLike(query.name)}%` });
    if (query.country)
      select.andWhere(`c.address->>'country' = :country`, { country: query.country });
    if (query.cursor) {
      const after = decodePageCursor(cursorSchema, query.cursor);
      select.andWhere('(c.created_at, c.customer_id) > (:createdAt, :customerId)', after);
    }
    const rows = await select.limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => CustomerEntity.toState(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }
}

function encodeCursor(row: CustomerEntity): string {
  const cursor: Cursor = { createdAt: row.createdAt.toISOString(), customerId: row.customerId };
  return encodePageCursor(cursor);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
