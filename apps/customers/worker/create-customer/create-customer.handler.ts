import { CreateCustomer, CustomerCreated, EventEnvelope, PayloadOf } from '@app/events';
import { CustomerEntity, CustomerRejections } from '@app/customers';
import { OnEventBatch, WorkerBatchContext } from '@app/kafka';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { In } from 'typeorm';

type CreateCustomerEvent = EventEnvelope<PayloadOf<typeof CreateCustomer>>;

/**
 * Creates customers, unless the id exists or the email is taken, a run of commands at a time:
 * one read of the ids and emails already taken, one multi-row insert. Commands are decided in
 * order, so of two in one run with the same email, the first wins.
 */
@Controller()
export class CreateCustomerHandler {
  @OnEventBatch(CreateCustomer)
  async handle(
    @Payload() events: readonly CreateCustomerEvent[],
    @Ctx() ctx: WorkerBatchContext,
  ): Promise<void> {
    const customers = ctx.manager.getRepository(CustomerEntity);
    const taken = await customers.find({
      select: { customerId: true, email: true },
      where: [
        { customerId: In(events.map((e) => e.payload.customerId)) },
        { email: In(events.map((e) => e.payload.email)) },
      ],
    });
    const ids = new Set(taken.map((c) => c.customerId));
    const emails = new Set(taken.map((c) => c.email));
    const created: CustomerEntity[] = [];
    for (const event of events) {
      const { customerId, name, email, address } = event.payload;
      if (ids.has(customerId)) {
        ctx.reject(
          event,
          `Customer ${customerId} already exists`,
          CustomerRejections.customerExists,
          {
            deadLetter: false,
          },
        );
      } else if (emails.has(email)) {
        ctx.reject(event, `Email ${email} is already taken`, CustomerRejections.emailTaken, {
          deadLetter: false,
        });
      } else {
        ids.add(customerId);
        emails.add(email);
        const customer = customers.create({
          customerId,
          name,
          email,
          address,
          version: 1,
          createdAt: event.time,
          updatedAt: event.time,
        });
        created.push(customer);
        const state = CustomerEntity.toState(customer);
        ctx.emit(event, CustomerCreated, state);
        ctx.answer(event, state);
      }
    }
    if (created.length > 0) await customers.insert(created);
  }
}
