import {
  ConsumerGroups,
  Topics,
  deadLetterTopicOf,
  groupDeadLetterTopicOf,
} from './topics.constants';

describe('topics', () => {
  describe('deadLetterTopicOf', () => {
    it('appends .dlq when given a topic', () => {
      expect(deadLetterTopicOf(Topics.customerCommands)).toBe('customers.commands.dlq');
    });
  });

  describe('groupDeadLetterTopicOf', () => {
    it("names the group before the topic when given another service's topic", () => {
      expect(groupDeadLetterTopicOf('orders-worker', Topics.customerEvents)).toBe(
        'orders-worker.customers.events.dlq',
      );
    });
  });

  describe('Topics and ConsumerGroups', () => {
    it('keep their released names when read, since renaming one re-reads or orphans a topic', () => {
      expect(Topics).toEqual({
        customerCommands: 'customers.commands',
        customerEvents: 'customers.events',
        orderCommands: 'orders.commands',
        orderEvents: 'orders.events',
        shippingCommands: 'shipping.commands',
        shippingEvents: 'shipping.events',
        pricingCommands: 'pricing.commands',
        pricingEvents: 'pricing.events',
        paymentCommands: 'payments.commands',
        paymentEvents: 'payments.events',
        flowCommands: 'flows.commands',
        flowEvents: 'flows.events',
      });
      expect(ConsumerGroups).toEqual({
        customersWorker: 'customers-worker',
        ordersWorker: 'orders-worker',
        shippingWorker: 'shipping-worker',
        pricingWorker: 'pricing-worker',
        paymentsWorker: 'payments-worker',
        flowsWorker: 'flows-worker',
      });
    });
  });
});
