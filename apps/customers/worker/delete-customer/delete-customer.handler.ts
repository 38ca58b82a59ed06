import { CustomerDeleted, DeleteCustomer, EventEnvelope, PayloadOf } from '@app/events';
import { CustomerEntity } from '@app/customers';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { loadCustomerAt } from '../load-customer';

/** Deletes a customer, if it exists and is still at the expected version. */
@Controller()
export class DeleteCustomerHandler {
  @OnEvent(DeleteCustomer)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof DeleteCustomer>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<{ customerId: string; version: number }> {
    const { customerId, expectedVersion } = event.payload;
    ctx.requireOwner(customerId, `Customer ${customerId}`);
    const customers = ctx.manager.getRepository(CustomerEntity);
    const customer = await loadCustomerAt(ctx, customerId, expectedVersion);
    await customers.delete({ customerId });
    const tombstone = { customerId, version: customer.version + 1 };
    ctx.emit(CustomerDeleted, tombstone);
    return tombstone;
  }
}
