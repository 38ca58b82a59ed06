import { EventCatalogue } from '@app/events';
import { KafkaConfig } from 'kafkajs';
import {
  assertWorkerOptions,
  deadLetterTopicFor,
  KafkaWorkerOptions,
} from './kafka-worker.options';

const good: KafkaWorkerOptions = {
  client: { brokers: ['127.0.0.1:9092'], clientId: 'test-worker' },
  groupId: 'test-group',
  source: 'test-worker',
  catalogue: new EventCatalogue([]),
  subscriptions: [{ topic: 'test-topic' }],
};

function problemsOf(options: KafkaWorkerOptions): string {
  try {
    assertWorkerOptions(options);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected assertWorkerOptions to throw');
}

describe(assertWorkerOptions.name, () => {
  describe('valid options', () => {
    it('accepts a complete config when every option is sound', () => {
      expect(() => assertWorkerOptions(good)).not.toThrow();
    });

    it('accepts positive integer tuning and a broker discovery function when given', () => {
      const tuned: KafkaWorkerOptions = {
        ...good,
        client: { brokers: async () => ['127.0.0.1:9092'] },
        partitionsConsumedConcurrently: 1,
        maxBatchSize: 500,
        shutdownBudgetMs: 20_000,
      };

      expect(() => assertWorkerOptions(tuned)).not.toThrow();
    });
  });

  describe('invalid options', () => {
    it('names client.brokers when the brokers are missing', () => {
      const client = { clientId: 'test-worker' } as unknown as KafkaConfig;

      expect(problemsOf({ ...good, client })).toMatch(
        /client\.brokers must list at least one broker/,
      );
    });

    it('names client.brokers when the broker list is empty', () => {
      expect(problemsOf({ ...good, client: { brokers: [] } })).toMatch(/client\.brokers/);
    });

    it('names groupId when it is empty', () => {
      expect(problemsOf({ ...good, groupId: '' })).toMatch(/groupId is required/);
    });

    it('names source when it is empty', () => {
      expect(problemsOf({ ...good, source: '' })).toMatch(/source is required/);
    });

    it('names subscriptions when there are none', () => {
      expect(problemsOf({ ...good, subscriptions: [] })).toMatch(
        /subscriptions must name at least one topic/,
      );
    });

    it("names the topic when provision lists another service's topic", () => {
      const options: KafkaWorkerOptions = {
        ...good,
        subscriptions: [{ topic: 'owner.events', kind: 'facts' }],
        provision: [{ topic: 'owner.events', partitions: 24 }],
      };

      expect(problemsOf(options)).toContain('provision must not list owner.events');
    });

    it.each<['partitionsConsumedConcurrently' | 'maxBatchSize' | 'shutdownBudgetMs', number]>([
      ['partitionsConsumedConcurrently', 0],
      ['partitionsConsumedConcurrently', -2],
      ['maxBatchSize', 0],
      ['maxBatchSize', 2.5],
      ['maxBatchSize', Number.NaN],
      ['shutdownBudgetMs', -1],
      ['shutdownBudgetMs', Number.POSITIVE_INFINITY],
    ])('names %s and the bad value when it is %p', (name, value) => {
      expect(problemsOf({ ...good, [name]: value })).toContain(
        `${name} must be a positive integer (got ${value})`,
      );
    });

    it('lists every problem in one error when several options are bad', () => {
      const message = problemsOf({
        ...good,
        groupId: '',
        source: '',
        subscriptions: [],
        maxBatchSize: 0,
      });

      expect(message).toMatch(/^Invalid worker options: /);
      expect(message).toContain('groupId');
      expect(message).toContain('source');
      expect(message).toContain('subscriptions');
      expect(message).toContain('maxBatchSize');
    });
  });
});

describe(deadLetterTopicFor.name, () => {
  it("returns the topic's own dead-letter topic when given the worker's own input", () => {
    expect(deadLetterTopicFor({ topic: 'orders.commands' }, 'orders-worker')).toBe(
      'orders.commands.dlq',
    );
  });

  it("returns the group's dead-letter topic when given another service's facts", () => {
    expect(deadLetterTopicFor({ topic: 'customers.events', kind: 'facts' }, 'orders-worker')).toBe(
      'orders-worker.customers.events.dlq',
    );
  });
});
