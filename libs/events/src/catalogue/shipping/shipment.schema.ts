import { z } from 'zod';
import { storableText } from '../../schema/stored-text';
import { addressSchema } from '../customers/customer.schema';

/** Where a shipment goes: the customer's name and address, as the shipping replica had them. */
export const recipientSchema = z.object({
  name: storableText().trim().min(1).max(200),
  address: addressSchema,
});

/**
 * The life of a shipment: `awaiting-address` (its customer is not in the replica yet),
 * `addressed` (dispatchable), `dispatched`, `cancelled` (its order was cancelled before
 * dispatch), `undeliverable` (its customer was deleted before it had an address).
 */
export const shipmentStatusSchema = z.enum([
  'awaiting-address',
  'addressed',
  'dispatched',
  'cancelled',
  'undeliverable',
]);

/** A shipment's full state at one version, as shipping's facts carry it. */
export const shipmentStateSchema = z.object({
  shipmentId: z.uuid(),
  orderId: z.uuid(),
  customerId: z.uuid(),
  status: shipmentStatusSchema,
  /** Null until the shipment is addressed. */
  recipient: recipientSchema.nullable(),
  /** The customer's version the recipient was taken from; null until addressed. */
  addressVersion: z.number().int().min(1).nullable(),
  version: z.number().int().positive(),
});

export type Recipient = z.output<typeof recipientSchema>;
export type ShipmentStatus = z.output<typeof shipmentStatusSchema>;
export type ShipmentState = z.output<typeof shipmentStateSchema>;
