import { z } from 'zod';
import { storableText } from '../../schema/stored-text';

/** A postal address as customers give it. */
export const addressSchema = z.object({
  street: storableText().trim().min(1).max(200),
  city: storableText().trim().min(1).max(100),
  postalCode: storableText().trim().min(1).max(20),
  // Upper-cased before its length is checked: upper-casing can lengthen text ('ß' -> 'SS').
  country: storableText().trim().toUpperCase().length(2),
});

/** The fields a client sets on a customer. */
export const customerFieldsSchema = z.object({
  name: storableText().trim().min(1).max(200),
  email: z.email().max(320).toLowerCase(),
  address: addressSchema,
});

/** A customer's full state at one version, as its events carry it (event-carried state transfer). */
export const customerStateSchema = customerFieldsSchema.extend({
  customerId: z.uuid(),
  version: z.number().int().positive(),
});

export type Address = z.output<typeof addressSchema>;
export type CustomerFields = z.output<typeof customerFieldsSchema>;
export type CustomerState = z.output<typeof customerStateSchema>;
