import { CreateCustomers1732350000100 } from './migrations/1732350000100-create-customers.migration';

/** The customers service's own PostgreSQL schema. @default 'customers' */
export const CUSTOMERS_SCHEMA = 'customers';

/** The customers service's migrations, run after the worker tables. */
export const customersMigrations = [CreateCustomers1732350000100];

/** Why the customers worker refuses a request; the API maps each to an HTTP status. */
export const CustomerRejections = {
  customerExists: 'customer-exists',
  customerNotFound: 'customer-not-found',
  emailTaken: 'email-taken',
  versionConflict: 'version-conflict',
} as const;

export type CustomerRejection = (typeof CustomerRejections)[keyof typeof CustomerRejections];
