import { CustomerEntity, CustomerRejections } from '@app/customers';
import { WorkerContext } from '@app/kafka';

/**
 * Loads the customer a command names, refusing the command (without dead-lettering: these are
 * answers, not faults) when it does not exist or is no longer at the expected version.
 */
export async function loadCustomerAt(
  ctx: WorkerContext,
  customerId: string,
  expectedVersion: number | undefined,
): Promise<CustomerEntity> {
  const customer = await ctx.manager.getRepository(CustomerEntity).findOneBy({ customerId });
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
  return customer;
}
