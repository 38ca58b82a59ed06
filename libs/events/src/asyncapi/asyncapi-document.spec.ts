import { Parser } from '@asyncapi/parser';
import { z } from 'zod';
import { customersCatalogue } from '../catalogue/customers/customers.catalogue';
import { EventCatalogue } from '../event-catalogue';
import { defineEvent } from '../event-definition';
import { Topics } from '../topics.constants';
import { asyncApiDocument } from './asyncapi-document';

const customers = {
  name: 'customers',
  catalogue: customersCatalogue,
  topics: { commands: Topics.customerCommands, events: Topics.customerEvents },
};

/** A second service that reads customers' facts, to show a consumer in the document. */
const placeOrder = defineEvent({
  type: 'orders.place-order',
  schema: z.object({ orderId: z.uuid(), customerId: z.uuid() }),
  topic: 'orders.commands',
  key: (p) => p.orderId,
});
const orderPlaced = defineEvent({
  type: 'orders.order-placed',
  schema: z.object({ orderId: z.uuid(), total: z.number().int() }),
  topic: 'orders.events',
  key: (p) => p.orderId,
});
const orders = {
  name: 'orders',
  catalogue: new EventCatalogue([placeOrder, orderPlaced]),
  topics: { commands: 'orders.commands', events: 'orders.events' },
  consumes: [{ topic: Topics.customerEvents, catalogue: customersCatalogue }],
  sends: [{ topic: Topics.customerCommands, catalogue: customersCatalogue }],
};

describe(asyncApiDocument.name, () => {
  const document = asyncApiDocument([customers, orders], { title: 'Landscape', version: '1' });

  it('is a valid AsyncAPI 3 document, by the AsyncAPI parser, with no error or warning', async () => {
    const { diagnostics } = await new Parser().parse(JSON.stringify(document));
    const problems = diagnostics
      .filter((d) => d.severity <= 1)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it('names each topic with the events it carries, their schemas and CloudEvents headers', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const channel = parsed?.channels().get('customers.events');
    expect(channel?.address()).toBe('customers.events');
    expect(
      channel
        ?.messages()
        .all()
        .map((m) => m.name())
        .sort(),
    ).toEqual([
      'customers.customer-created',
      'customers.customer-deleted',
      'customers.customer-updated',
      'customers.request-rejected',
    ]);
    const created = parsed?.components().messages().get('customers.customer-created');
    expect(created?.payload()?.required()).toEqual(
      expect.arrayContaining(['customerId', 'name', 'email', 'address', 'version']),
    );
    expect(created?.headers()?.required()).toEqual(
      expect.arrayContaining(['ce_id', 'ce_source', 'ce_type', 'ce_specversion', 'ce_time']),
    );
  });

  it('says who sends and who receives on every topic, other services reading facts and sending commands included', async () => {
    const { document: parsed } = await new Parser().parse(JSON.stringify(document));
    const onChannel = (address: string) =>
      (parsed?.operations().all() ?? [])
        .filter((op) =>
          op
            .channels()
            .all()
            .some((c) => c.address() === address),
        )
        .map((op) => `${op.id()} ${op.action()}`)
        .sort();
    expect(onChannel('customers.commands')).toEqual([
      'customers-api.sendCommands send',
      'customers-worker.receiveCommands receive',
      'orders-worker.send.customers.commands send',
    ]);
    expect(onChannel('customers.events')).toEqual([
      'customers-worker.sendFacts send',
      'orders-worker.receive.customers.events receive',
    ]);
  });
});
