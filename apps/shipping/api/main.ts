import { shippingService } from '@app/shipping';
import { runApi } from '@app/service';
import { DispatchShipmentController } from './dispatch-shipment/dispatch-shipment.controller';
import { GetShipmentController } from './get-shipment/get-shipment.controller';
import { ListShipmentsController } from './list-shipments/list-shipments.controller';
import { shippingRejectionStatuses } from './shipping-http';

runApi(shippingService, {
  controllers: [GetShipmentController, ListShipmentsController, DispatchShipmentController],
  rejectionStatuses: shippingRejectionStatuses,
});
