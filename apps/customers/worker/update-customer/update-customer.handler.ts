import {
  CustomerState,
  CustomerUpdated,
  EventEnvelope,
  PayloadOf,
  UpdateCustomer,
} from '@app/events';
import { CustomerEntity, CustomerRejections } from '@app/customers';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { loadCustomerAt } from '../load-customer';
import { Not } from 'typeorm';

/** Changes a customer's fields, if it exists, is still at the expected version, and the new email is free. */
@Controller()
export class UpdateCustomerHandler {
  @OnEvent(UpdateCustomer)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof UpdateCustomer>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<CustomerState> {
    const { customerId, expectedVersion, changes } = event.payload;
    ctx.requireOwner(customerId, `Customer ${customerId}`);
    const customers = ctx.manager.getRepository(CustomerEntity);
    const customer = await loadCustomerAt(ctx, customerId, expectedVersion);
    if (
      changes.email &&
      (await customers.existsBy({ email: changes.email, customerId: Not(customerId) }))
    ) {
      ctx.reject(`Email ${changes.email} is already taken`, CustomerRejections.emailTaken, {
        deadLetter: false,
      });
    }
    Object.assign(customer, changes, { version: customer.version + 1, updatedAt: event.time });
    await customers.save(customer);
    const state = CustomerEntity.toState(customer);
    ctx.emit(CustomerUpdated, state);
    return state;
  }
}
