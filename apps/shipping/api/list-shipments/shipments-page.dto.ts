import { shipmentStateSchema } from '@app/events';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** The answer of `GET /shipments`: the shipments found (an order has at most one). */
export const shipmentsPage = z.object({ items: z.array(shipmentStateSchema) });

/** The answer of `GET /shipments`. */
export class ShipmentsPageDto extends createZodDto(shipmentsPage) {}
