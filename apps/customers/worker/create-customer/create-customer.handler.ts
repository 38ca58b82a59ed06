import {
  CreateCustomer,
  CustomerCreated,
  CustomerState,
  EventEnvelope,
  PayloadOf,
} from '@app/events';
import { CustomerEntity, CustomerRejections } from '@app/customers';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

/** Creates a customer, unless its id exists or its email is taken. */
@Controller()
export class CreateCustomerHandler {
  @OnEvent(CreateCustomer)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof CreateCustomer>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<CustomerState> {
    const { customerId, name, email, address } = event.payload;
    const customers = ctx.manager.getRepository(CustomerEntity);
    if (await customers.existsBy({ customerId })) {
      ctx.reject(`Customer ${customerId} already exists`, CustomerRejections.customerExists, {
        deadLetter: false,
      });
    }
    if (await customers.existsBy({ email })) {
      ctx.reject(`Email ${email} is already taken`, CustomerRejections.emailTaken, {
        deadLetter: false,
      });
    }
    const customer = customers.create({
      customerId,
      name,
      email,
      address,
      version: 1,
      createdAt: event.time,
      updatedAt: event.time,
    });
    await customers.insert(customer);
    const state = CustomerEntity.toState(customer);
    ctx.emit(CustomerCreated, state);
    return state;
  }
}
