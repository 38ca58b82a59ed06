import { createZodDto } from 'nestjs-zod';
import { orderStateSchema } from './order-http';

/** An order as the API answers it: its customer, items, total, status and version. */
export class OrderStateDto extends createZodDto(orderStateSchema) {}
