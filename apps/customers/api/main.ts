import { customersService } from '@app/customers';
import { runApi } from '@app/service';
import { CreateCustomerController } from './create-customer/create-customer.controller';
import { customerRejectionStatuses } from './customer-http';
import { DeleteCustomerController } from './delete-customer/delete-customer.controller';
import { GetCustomerController } from './get-customer/get-customer.controller';
import { ListCustomersController } from './list-customers/list-customers.controller';
import { UpdateCustomerController } from './update-customer/update-customer.controller';

runApi(customersService, {
  controllers: [
    CreateCustomerController,
    UpdateCustomerController,
    DeleteCustomerController,
    GetCustomerController,
    ListCustomersController,
  ],
  rejectionStatuses: customerRejectionStatuses,
});
