import { customersService } from '@app/customers';
import { ConsumerGroups, CustomerRequestRejected } from '@app/events';
import { runWorker } from '@app/service';
import { CreateCustomerHandler } from './create-customer/create-customer.handler';
import { DeleteCustomerHandler } from './delete-customer/delete-customer.handler';
import { UpdateCustomerHandler } from './update-customer/update-customer.handler';

runWorker(customersService, {
  groupId: ConsumerGroups.customersWorker,
  handlers: [CreateCustomerHandler, UpdateCustomerHandler, DeleteCustomerHandler],
  rejectionEvent: CustomerRequestRejected,
});
