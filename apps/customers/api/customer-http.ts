import { CustomerRejections } from '@app/customers';
import { CustomerState } from '@app/events';
import { AcceptedResponse } from '@app/requests';
import { PreconditionFailedException } from '@nestjs/common';

/** HTTP status of each refusal of the customers worker. */
export const customerRejectionStatuses: Readonly<Record<string, number>> = {
  [CustomerRejections.customerExists]: 409,
  [CustomerRejections.emailTaken]: 409,
  [CustomerRejections.customerNotFound]: 404,
  [CustomerRejections.versionConflict]: 412,
  'schema-violation': 422,
};

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
  if (!match) throw new PreconditionFailedException(`If-Match '${ifMatch}' names no customer version.`);
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
