import { CustomerEntity, CustomerRejections } from '@app/customers';
import { addressSchema, customerFieldsSchema, CustomerState } from '@app/events';
import { AcceptedResponse } from '@app/requests';
import { NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { Repository } from 'typeorm';

/** HTTP status of each refusal of the customers worker. */
export const customerRejectionStatuses: Readonly<Record<string, number>> = {
  [CustomerRejections.customerExists]: 409,
  [CustomerRejections.emailTaken]: 409,
  [CustomerRejections.customerNotFound]: 404,
  [CustomerRejections.versionConflict]: 412,
  'schema-violation': 422,
};

/**
 * The customer fields as a client sends them: the catalogue's schema, refusing fields it does not
 * know (at any depth) instead of dropping them, so a misspelt or forged field is a 400 that names it.
 */
export const customerFieldsInput = customerFieldsSchema
  .extend({ address: addressSchema.strict() })
  .strict();

/** The changes a client sends in a PATCH: some of the customer fields, at least one. */
export const customerChangesInput = customerFieldsInput
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, {
    message: 'Set at least one of name, email, address',
  });

/** Returns a customer's strong ETag: its version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads the version an `If-Match` header names (`"3"`, `W/"3"` or `3`), or undefined without one.
 * @throws PreconditionFailedException when the header names no version.
 */
export function versionFromIfMatch(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(ifMatch);
  if (!match)
    throw new PreconditionFailedException(`If-Match '${ifMatch}' names no customer version.`);
  return Number(match[1]);
}

/** Answers an accepted customer write with the customer, its ETag and its location. */
export function acceptedCustomer(status: number): AcceptedResponse {
  return {
    status,
    location: (result) => `/customers/${(result as CustomerState).customerId}`,
    headers: (result) => ({ ETag: etagOf((result as CustomerState).version) }),
  };
}

/**
 * Reads the customer a write targets, failing fast: 404 when it does not exist, 412 when it is
 * no longer at the If-Match version (the worker checks again, as another change may be in flight).
 */
export async function currentCustomerAt(
  customers: Repository<CustomerEntity>,
  id: string,
  expectedVersion: number | undefined,
): Promise<CustomerEntity> {
  const current = await customers.findOneBy({ customerId: id });
  if (!current) throw new NotFoundException(`Customer ${id} does not exist.`);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    throw new PreconditionFailedException(
      `Customer ${id} is at version ${current.version} (ETag ${etagOf(current.version)}), not ${expectedVersion}.`,
    );
  }
  return current;
}
