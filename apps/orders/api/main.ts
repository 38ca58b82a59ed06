import { ordersService } from '@app/orders';
import { runApi } from '@app/service';
import { CancelOrderController } from './cancel-order/cancel-order.controller';
import { GetOrderController } from './get-order/get-order.controller';
import { ListOrdersController } from './list-orders/list-orders.controller';
import { orderRejectionStatuses } from './order-http';
import { PlaceOrderController } from './place-order/place-order.controller';

runApi(ordersService, {
  controllers: [
    PlaceOrderController,
    CancelOrderController,
    GetOrderController,
    ListOrdersController,
  ],
  rejectionStatuses: orderRejectionStatuses,
});
