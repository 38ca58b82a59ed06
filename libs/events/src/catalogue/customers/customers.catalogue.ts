import { EventCatalogue } from '../../event-catalogue';
import { CreateCustomer } from './create-customer.event';
import { CustomerCreated } from './customer-created.event';
import { CustomerDeleted } from './customer-deleted.event';
import { CustomerRequestRejected } from './customer-request-rejected.event';
import { CustomerUpdated } from './customer-updated.event';
import { DeleteCustomer } from './delete-customer.event';
import { UpdateCustomer } from './update-customer.event';

/** Every event type of the customers service, commands and facts. */
export const customersCatalogue = new EventCatalogue([
  CreateCustomer,
  UpdateCustomer,
  DeleteCustomer,
  CustomerCreated,
  CustomerUpdated,
  CustomerDeleted,
  CustomerRequestRejected,
]);
