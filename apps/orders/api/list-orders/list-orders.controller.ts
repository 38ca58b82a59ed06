import { CallerReach, Reach, RequireScopes } from '@app/auth';
import { OrderEntity } from '@app/orders';
import { ApiProblems, decodePageCursor, encodePageCursor } from '@app/requests';
import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { ListOrdersQueryDto } from './list-orders-query.dto';
import { OrdersPageDto } from './orders-page.dto';

/** Where a page ends: the last row's creation time and id, as this API encodes them. */
const cursorSchema = z.object({ createdAt: z.iso.datetime(), orderId: z.uuid() });

/** `GET /orders`: lists orders from the view, by customer and status, oldest first, by cursor. */
@ApiTags('orders')
@RequireScopes('orders:read')
@Controller('orders')
export class ListOrdersController {
  constructor(@InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>) {}

  @Get()
  @ApiOperation({ summary: 'List orders; pass nextCursor back as cursor for the next page' })
  @ApiResponse({ status: 200, description: 'A page of orders', type: OrdersPageDto.Output })
  @ApiProblems({
    400: 'Invalid filter, limit or cursor, with field-level errors',
    403: "Another customer's orders, for a caller acting for a customer",
  })
  async list(
    @Query() query: ListOrdersQueryDto,
    @CallerReach('orders') reach: Reach,
  ): Promise<OrdersPageDto> {
    // A caller acting for a customer lists that customer's orders, whether it names it or not.
    if (!reach.everyOwner) {
      if (query.customerId && query.customerId.toLowerCase() !== reach.customerId)
        throw new ForbiddenException("A customer's caller lists that customer's orders only");
      query = { ...query, customerId: reach.customerId };
    }
    const select = this.orders
      .createQueryBuilder('o')
      .orderBy('o.created_at')
      .addOrderBy('o.order_id');
    if (query.customerId) select.andWhere('o.customer_id = :customerId', query);
    if (query.status) select.andWhere('o.status = :status', query);
    if (query.cursor) {
      const after = decodePageCursor(cursorSchema, query.cursor);
      select.andWhere('(o.created_at, o.order_id) > (:createdAt, :orderId)', after);
    }
    const rows = await select.limit(query.limit + 1).getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => OrderEntity.toState(row)),
      nextCursor:
        rows.length > query.limit && last
          ? encodePageCursor({ createdAt: last.createdAt.toISOString(), orderId: last.orderId })
          : null,
    };
  }
}
