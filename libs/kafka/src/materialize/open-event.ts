import { EventEnvelope } from '@app/events';
import { InboundMessage } from '../broker/inbound-message';
import { BatchItem, DeadLetterMark } from '../pipeline/partition-batch';

/**
 * An event a batch transaction still has to decide: decoded, marked for the dead-letter topic,
 * or a fact of another service that no handler takes (left undecoded).
 */
export type OpenEvent =
  | {
      readonly message: InboundMessage;
      readonly event: EventEnvelope;
      readonly mark?: undefined;
      readonly unhandled?: undefined;
    }
  | {
      readonly message: InboundMessage;
      readonly event?: EventEnvelope;
      readonly mark: DeadLetterMark;
      readonly unhandled?: undefined;
    }
  | {
      readonly message: InboundMessage;
      readonly event?: undefined;
      readonly mark?: undefined;
      readonly unhandled: true;
    };

/**
 * Returns the batch item as an event to decide.
 * @throws Error when the item was neither decoded nor marked (the decode step did not run).
 */
export function openEventOf(item: BatchItem): OpenEvent {
  const { message, envelope, deadLetter } = item;
  if (deadLetter) return { message, event: envelope, mark: deadLetter };
  if (item.unhandled) return { message, unhandled: true };
  if (envelope) return { message, event: envelope };
  throw new Error(
    `Event at offset ${message.offset} of ${message.topic}[${message.partition}] reached the ` +
      'transaction undecoded; the decode step must run before it.',
  );
}
