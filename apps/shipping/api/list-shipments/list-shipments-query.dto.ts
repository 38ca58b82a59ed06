import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The query of `GET /shipments`: the order whose shipment to find. */
export const listShipmentsQuery = z.object({
  orderId: z.uuid().describe('the order whose shipment to find'),
});

/** The query of `GET /shipments`. */
export class ListShipmentsQueryDto extends createZodDto(listShipmentsQuery) {}
