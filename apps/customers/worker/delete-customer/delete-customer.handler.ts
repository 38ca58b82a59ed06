import { CustomerDeleted, DeleteCustomer, EventEnvelope, PayloadOf } from '@app/events';
import { CustomerEntity, CustomerRejections } from '@app/customers';
import { OnEvent, WorkerContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';

/** Deletes a customer, if it exists and is still at the expected version. */
@Controller()
export class DeleteCustomerHandler {
  @OnEvent(DeleteCustomer)
  async handle(
    @Payload() event: EventEnvelope<PayloadOf<typeof DeleteCustomer>>,
    @Ctx() ctx: WorkerContext,
  ): Promise<{ customerId: string; version: number }> {
    const { customerId, expectedVersion } = event.payload;
    const customers = ctx.manager.getRepository(CustomerEntity);
    const customer = await customers.findOneBy({ customerId });
    if (!customer) {
      ctx.reject(`Customer ${customerId} does not exist`, CustomerRejections.customerNotFound, {
        deadLetter: false,
      });
    }
    if (expectedVersion !== undefined && customer.version !== expectedVersion) {
      ctx.reject(
        `Customer ${customerId} is at version ${customer.version}, not ${expectedVersion}`,
        CustomerRejections.versionConflict,
        { deadLetter: false },
      );
    }
    await customers.delete({ customerId });
    const tombstone = { customerId, version: customer.version + 1 };
    ctx.emit(CustomerDeleted, tombstone);
    return tombstone;
  }
}
