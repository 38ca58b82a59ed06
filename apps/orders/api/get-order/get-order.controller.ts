import { CallerReach, Reach, reaches, RequireScopes } from '@app/auth';
import { OrderEntity, OrderState } from '@app/orders';
import { ApiProblems, ZodValidationPipe } from '@app/requests';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { z } from 'zod';
import { OrderStateDto } from '../order-state.dto';

/** `GET /orders/:id`: reads one order from the view. */
@ApiTags('orders')
@RequireScopes('orders:read')
@Controller('orders')
export class GetOrderController {
  constructor(@InjectRepository(OrderEntity) private readonly orders: Repository<OrderEntity>) {}

  @Get(':id')
  @ApiOperation({ summary: 'Read an order' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The order', type: OrderStateDto.Output })
  @ApiProblems({
    400: 'The id is not a UUID',
    404: "No such order (or not the caller's customer's)",
  })
  async get(
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
    @CallerReach('orders') reach: Reach,
  ): Promise<OrderState> {
    const order = await this.orders.findOneBy({ orderId: id });
    if (!order || !reaches(reach, order.customerId))
      throw new NotFoundException(`Order ${id} does not exist.`);
    return OrderEntity.toState(order);
  }
}
