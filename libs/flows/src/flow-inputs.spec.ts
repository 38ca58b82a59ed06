import {
  CloudEventHeaders,
  DeadLetterHeaders,
  decodeObservedEvent,
  encodeEvent,
  PaymentDebit,
} from '@app/events';
import { flowHopOf, flowInputsOf } from './flow-inputs';
import { HopKinds } from './flow-rules';

/** A PaymentDebit as the flows worker observes it on `topic`, with extra headers. */
function observed(topic: string, extra: Record<string, string> = {}, correlationId = 'flow-1') {
  const event = {
    id: 'debit-1',
    type: PaymentDebit.type,
    version: 1,
    source: 'payments-worker',
    time: new Date(),
    correlationId,
    causationId: 'cause-1',
    key: 'account-1',
    payload: { amount: 100 },
  };
  const encoded = encodeEvent(PaymentDebit, event);
  return decodeObservedEvent(
    { key: encoded.key, value: encoded.value, headers: { ...encoded.headers, ...extra } },
    { topic, partition: 3, offset: 42n },
  );
}

describe('flow inputs', () => {
  describe(flowInputsOf.name, () => {
    it("names every service's topics and dead-letter topics with the prefix, a group's twice", () => {
      const topics = flowInputsOf('e2e-');

      expect(topics).toEqual(
        expect.arrayContaining([
          'e2e-orders.commands',
          'e2e-orders.events',
          'e2e-orders.commands.dlq',
          'e2e-payments-worker.e2e-orders.events.dlq',
          'e2e-customers.events',
        ]),
      );
      expect(topics.every((topic) => topic.startsWith('e2e-'))).toBe(true);
    });
  });

  describe(flowHopOf.name, () => {
    it('reads a command hop with the service that sent it, its cause, its subject and its flow', () => {
      expect(flowHopOf(observed('payments.commands'))).toMatchObject({
        correlationId: 'flow-1',
        hop: {
          topic: 'payments.commands',
          type: PaymentDebit.type,
          service: 'payments',
          kind: HopKinds.command,
          causationId: 'cause-1',
          subject: 'account-1',
        },
      });
    });

    it('reads a dead letter with the service that set it apart and why', () => {
      const hop = flowHopOf(
        observed('e2e-payments.commands.dlq', {
          [DeadLetterHeaders.originalTopic]: 'e2e-payments.commands',
          [DeadLetterHeaders.consumerGroup]: 'e2e-payments-worker',
          [DeadLetterHeaders.errorCode]: 'schema-violation',
          [DeadLetterHeaders.errorMessage]: 'amount is missing',
        }),
      );

      expect(hop?.hop).toMatchObject({
        service: 'payments',
        kind: HopKinds.deadLetter,
        deadLetter: { code: 'schema-violation', reason: 'amount is missing' },
      });
    });

    it('reads a dead letter sent back to its topic as replayed', () => {
      const hop = flowHopOf(
        observed('payments.commands', {
          [DeadLetterHeaders.replayedFrom]: 'payments.commands.dlq:0:7',
        }),
      );

      expect(hop?.hop).toMatchObject({ kind: HopKinds.replayed, service: 'payments' });
    });

    it('reads nothing of a record that names no flow', () => {
      const event = observed('payments.commands');
      const { [CloudEventHeaders.correlationId]: _dropped, ...headers } = event.payload.headers;

      expect(
        flowHopOf({ ...event, correlationId: undefined, payload: { ...event.payload, headers } }),
      ).toBeUndefined();
    });
  });
});
