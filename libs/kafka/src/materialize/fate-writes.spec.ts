import { createEvent, DeadLetterHeaders, defineEvent, EventCatalogue } from '@app/events';
import { z } from 'zod';
import { InboundMessage } from '../broker/inbound-message';
import { EventRejectedError } from '../errors/event-rejected.error';
import { EventFate } from './event-fate';
import { deadLetterFingerprintOfFate, FateWriteSettings, outboxRecordsOf } from './fate-writes';

const renamed = defineEvent({
  type: 'test.renamed',
  schema: z.object({ id: z.string() }),
  topic: 'test-topic',
  key: (p) => p.id,
});
const message: InboundMessage = {
  topic: 'test-topic',
  partition: 0,
  offset: 7n,
  timestamp: 0,
  key: null,
  value: Buffer.from('not json'),
  headers: { ce_type: 'test.renamed' },
};
const settings: FateWriteSettings = {
  groupId: 'test-group',
  source: 'test',
  rejectionEvents: new Map(),
  catalogue: new EventCatalogue([]),
  factTopics: new Set(),
  deadLetterTopics: new Map(),
};
const failed = (error: unknown): EventFate => ({ kind: 'failed', message, error, attempts: 1 });
const refused = (deadLetter: boolean): EventFate => ({
  kind: 'refused',
  message,
  event: createEvent(renamed, { id: '1' }, { source: 'test' }),
  reason: new EventRejectedError("Order 'o-1' has no lines", 'no-lines', { deadLetter }),
});

describe('fate writes', () => {
  describe(deadLetterFingerprintOfFate.name, () => {
    it('is the fingerprint the fate writes in its dead letter, when it writes one', () => {
      for (const fate of [failed(new Error("Value 'a' at 3 is bad")), refused(true)]) {
        const [letter] = outboxRecordsOf(fate, settings, new Date(0));
        expect(deadLetterFingerprintOfFate(fate)).toBe(
          letter.headers[DeadLetterHeaders.fingerprint],
        );
      }
    });

    it('is the same for events that failed alike, whatever their values', () => {
      expect(deadLetterFingerprintOfFate(failed(new Error("Value 'a' at 3 is bad")))).toBe(
        deadLetterFingerprintOfFate(failed(new Error("Value 'b' at 9 is bad"))),
      );
    });

    it('is none when the fate writes no dead letter', () => {
      expect(deadLetterFingerprintOfFate(refused(false))).toBeUndefined();
      expect(deadLetterFingerprintOfFate({ kind: 'duplicate', message })).toBeUndefined();
    });
  });
});
