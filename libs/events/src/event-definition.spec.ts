import { z } from 'zod';
import { defineEvent } from './event-definition';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';

const schema = z.object({ customerId: z.string() });
const base = {
  type: 'customers.customer-created',
  schema,
  topic: 'customers.events',
  key: (payload: { customerId: string }) => payload.customerId,
};

describe('defineEvent', () => {
  describe('defineEvent()', () => {
    it('returns a frozen definition at version 1 with no upcasters when no version is given', () => {
      const definition = defineEvent(base);

      expect(definition).toMatchObject({
        type: 'customers.customer-created',
        version: 1,
        topic: 'customers.events',
        upcasters: {},
      });
      expect(definition.schema).toBe(schema);
      expect(definition.keyOf({ customerId: 'c-1' })).toBe('c-1');
      expect(Object.isFrozen(definition)).toBe(true);
      expect(Object.isFrozen(definition.upcasters)).toBe(true);
    });

    it('keeps a copy of the upcasters when every version below the current has one', () => {
      const upcasters = { 1: (older: unknown) => older, 2: (older: unknown) => older };
      const definition = defineEvent({ ...base, version: 3, upcasters });
      upcasters[2] = () => 'replaced';

      expect(definition.version).toBe(3);
      expect(Object.keys(definition.upcasters)).toEqual(['1', '2']);
      expect(definition.upcasters[2]('same')).toBe('same');
    });

    it.each(['orders', 'customers.create-customer', 'payments.v2.debit-requested', 'a1.b2'])(
      'accepts the type %p when it is lowercase and dot/dash separated',
      (type) => {
        expect(defineEvent({ ...base, type }).type).toBe(type);
      },
    );

    it.each([
      '',
      'Customers.Created',
      'customers created',
      'customers_created',
      '.customers',
      'customers..created',
      'customers.created.',
      '1customers',
    ])('throws InvalidEventDefinitionError when the type is %p', (type) => {
      expect(() => defineEvent({ ...base, type })).toThrow(InvalidEventDefinitionError);
      expect(() => defineEvent({ ...base, type })).toThrow(/is malformed/);
    });

    it.each([0, -1, 1.5, Number.NaN])(
      'throws InvalidEventDefinitionError when the version is %p',
      (version) => {
        expect(() => defineEvent({ ...base, version })).toThrow(
          new InvalidEventDefinitionError(
            `Event type 'customers.customer-created' has version ${version}; a version is an integer from 1`,
          ),
        );
      },
    );

    it('throws InvalidEventDefinitionError when an upcaster below the current version is missing', () => {
      const define = () =>
        defineEvent({ ...base, version: 3, upcasters: { 1: (older: unknown) => older } });

      expect(define).toThrow(InvalidEventDefinitionError);
      expect(define).toThrow(/no upcaster from version 2 to 3/);
    });

    it('throws InvalidEventDefinitionError when an upcaster is at or above the current version', () => {
      const define = () =>
        defineEvent({
          ...base,
          version: 2,
          upcasters: { 1: (o: unknown) => o, 2: (o: unknown) => o },
        });

      expect(define).toThrow(InvalidEventDefinitionError);
      expect(define).toThrow(/upcaster for version '2'/);
    });

    it('throws InvalidEventDefinitionError when the topic is empty', () => {
      expect(() => defineEvent({ ...base, topic: '' })).toThrow(/has an empty topic/);
    });
  });
});
