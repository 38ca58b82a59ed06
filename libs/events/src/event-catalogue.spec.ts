import { z } from 'zod';
import { EventCatalogue } from './event-catalogue';
import { defineEvent } from './event-definition';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';
import { UnknownEventTypeError } from './errors/unknown-event-type.error';

const customerCreated = defineEvent({
  type: 'customers.customer-created',
  schema: z.object({ customerId: z.string() }),
  topic: 'customers.events',
  key: (payload) => payload.customerId,
});
const createCustomer = defineEvent({
  type: 'customers.create-customer',
  schema: z.object({ customerId: z.string(), name: z.string() }),
  topic: 'customers.commands',
  key: (payload) => payload.customerId,
});
const customerRenamed = defineEvent({
  type: 'customers.customer-renamed',
  schema: z.object({ customerId: z.string(), name: z.string() }),
  topic: 'customers.events',
  key: (payload) => payload.customerId,
});

describe('EventCatalogue', () => {
  const catalogue = new EventCatalogue([customerCreated, createCustomer, customerRenamed]);

  describe('compose', () => {
    it("holds the consumer's events and the owner's when given both catalogues", () => {
      const owners = new EventCatalogue([customerCreated, customerRenamed]);
      const consumers = new EventCatalogue([createCustomer]);

      const composed = EventCatalogue.compose(consumers, owners, owners);

      expect(composed.all()).toEqual([createCustomer, customerCreated, customerRenamed]);
    });

    it('throws InvalidEventDefinitionError when two catalogues declare one type differently', () => {
      const redeclared = defineEvent({
        type: 'customers.customer-created',
        schema: z.object({ customerId: z.string() }),
        topic: 'customers.events',
        key: (payload) => payload.customerId,
      });

      expect(() => EventCatalogue.compose(catalogue, new EventCatalogue([redeclared]))).toThrow(
        InvalidEventDefinitionError,
      );
    });
  });

  describe('onTopics', () => {
    it('keeps only the events of the topics named when given one topic', () => {
      expect(catalogue.onTopics('customers.events').all()).toEqual([
        customerCreated,
        customerRenamed,
      ]);
    });
  });

  describe('constructor', () => {
    it('throws InvalidEventDefinitionError when two definitions declare the same type', () => {
      const duplicate = defineEvent({
        type: 'customers.customer-created',
        schema: z.object({ id: z.string() }),
        topic: 'customers.events.v2',
        key: (payload) => payload.id,
      });

      expect(() => new EventCatalogue([customerCreated, duplicate])).toThrow(
        InvalidEventDefinitionError,
      );
      expect(() => new EventCatalogue([customerCreated, duplicate])).toThrow(
        /'customers.customer-created' is declared twice/,
      );
    });
  });

  describe('get', () => {
    it('returns the definition when the type is declared', () => {
      expect(catalogue.get('customers.create-customer')).toBe(createCustomer);
    });

    it('throws UnknownEventTypeError naming the type when the type is not declared', () => {
      const lookUp = () => catalogue.get('orders.order-placed');

      expect(lookUp).toThrow(UnknownEventTypeError);
      expect(lookUp).toThrow(expect.objectContaining({ eventType: 'orders.order-placed' }));
    });
  });

  describe('has', () => {
    it('tells whether a type is declared', () => {
      expect(catalogue.has('customers.customer-renamed')).toBe(true);
      expect(catalogue.has('customers.customer-deleted')).toBe(false);
    });
  });

  describe('all', () => {
    it('lists every definition in declaration order when asked', () => {
      expect(catalogue.all()).toEqual([customerCreated, createCustomer, customerRenamed]);
    });

    it('lists no definition when the catalogue is empty', () => {
      expect(new EventCatalogue([]).all()).toEqual([]);
    });
  });

  describe('topics', () => {
    it('lists each topic once, sorted, when several types share a topic', () => {
      expect(catalogue.topics()).toEqual(['customers.commands', 'customers.events']);
    });
  });

  describe('withTopicPrefix', () => {
    it('prefixes every topic and resolves definitions to the prefixed ones when given a prefix', () => {
      const first = defineEvent({
        type: 'a.first',
        schema: z.object({ id: z.string() }),
        topic: 'a.commands',
        key: (p) => p.id,
      });
      const second = defineEvent({
        type: 'a.second',
        schema: z.object({ id: z.string() }),
        topic: 'a.events',
        key: (p) => p.id,
      });
      const prefixed = new EventCatalogue([first, second]).withTopicPrefix('test-1.');
      expect(prefixed.topics()).toEqual(['test-1.a.commands', 'test-1.a.events']);
      expect(prefixed.resolve(first).topic).toBe('test-1.a.commands');
      expect(prefixed.resolve(first).keyOf({ id: 'k' })).toBe('k');
      expect(first.topic).toBe('a.commands');
    });

    it('returns the same catalogue when the prefix is empty', () => {
      const catalogue = new EventCatalogue([]);
      expect(catalogue.withTopicPrefix('')).toBe(catalogue);
    });
  });
});
