import { createEvent, defineEvent } from '@app/events';
import { z } from 'zod';
import { InboundMessage } from '../broker/inbound-message';
import { EventRejectedError } from '../errors/event-rejected.error';
import { EventFate, handledOutcome, isDeadLettered, typeOfFate } from './event-fate';

const renamed = defineEvent({
  type: 'test.renamed',
  schema: z.object({ id: z.string() }),
  topic: 'test-topic',
  key: (p) => p.id,
});
const event = createEvent(renamed, { id: '1' }, { source: 'test' });
const message: InboundMessage = {
  topic: 'test-topic',
  partition: 0,
  offset: 0n,
  timestamp: 0,
  key: null,
  value: null,
  headers: { ce_type: 'test.from-header' },
};
const refusal = (deadLetter: boolean): EventFate => ({
  kind: 'refused',
  message,
  event,
  reason: new EventRejectedError('no', 'no', { deadLetter }),
});

describe('EventFate', () => {
  describe(handledOutcome.name, () => {
    it.each<[EventFate, string]>([
      [{ kind: 'already-applied', message }, 'skipped'],
      [{ kind: 'unhandled', message, event }, 'unhandled'],
      [{ kind: 'duplicate', message }, 'duplicate'],
      [{ kind: 'applied', message, event, records: [], result: undefined }, 'applied'],
      [refusal(false), 'rejected'],
      [refusal(true), 'dead_lettered'],
      [{ kind: 'failed', message, error: new Error('x'), attempts: 1 }, 'dead_lettered'],
    ])('counts a %o as %s', (fate, outcome) => {
      expect(handledOutcome(fate)).toBe(outcome);
    });
  });

  describe(isDeadLettered.name, () => {
    it('dead-letters a refusal only when it asks for it', () => {
      expect([isDeadLettered(refusal(true)), isDeadLettered(refusal(false))]).toEqual([
        true,
        false,
      ]);
    });
  });

  describe(typeOfFate.name, () => {
    it('reads the type from the header when the event was not decoded', () => {
      expect(typeOfFate({ kind: 'failed', message, error: 'x', attempts: 1 })).toBe(
        'test.from-header',
      );
      expect(typeOfFate({ kind: 'unhandled', message, event })).toBe('test.renamed');
    });
  });
});
