import { defineEvent, EventCatalogue } from '@app/events';
import { z } from 'zod';
import { defineService, ServiceDefinition } from './service-definition';

const placeOrder = defineEvent({
  type: 'orders.place-order',
  schema: z.object({ orderId: z.string() }),
  topic: 'orders.commands',
  key: (payload) => payload.orderId,
});
const orderPlaced = defineEvent({
  type: 'orders.order-placed',
  schema: z.object({ orderId: z.string() }),
  topic: 'orders.events',
  key: (payload) => payload.orderId,
});

const orders: ServiceDefinition = {
  name: 'orders',
  catalogue: new EventCatalogue([placeOrder, orderPlaced]),
  topics: { commands: 'orders.commands', events: 'orders.events' },
  schema: 'orders',
  migrations: [],
  ports: { api: 3200, worker: 3201 },
};

describe(defineService.name, () => {
  it('returns the definition when its name and topics are sound', () => {
    expect(defineService(orders)).toEqual(orders);
  });

  it('names the service when its name is not lowercase', () => {
    expect(() => defineService({ ...orders, name: 'Orders' })).toThrow(
      "Service name 'Orders' must be lowercase",
    );
  });

  it('names the topic when the catalogue has no event on it', () => {
    expect(() =>
      defineService({ ...orders, topics: { commands: 'orders.cmds', events: 'orders.events' } }),
    ).toThrow('topic orders.cmds carries none of its catalogue');
  });
});
