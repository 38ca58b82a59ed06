import {
  CloudEventHeaders,
  decodeEvent,
  decodeObservedEvent,
  EventCatalogue,
  EventError,
  readHeader,
} from '@app/events';
import { InboundMessage } from '../broker/inbound-message';
import { BatchMiddleware } from './partition-batch';

/** Tells whether an event of the topic, of the type its header names, is left unhandled undecoded. */
export type IgnoresEvent = (topic: string, type: string) => boolean;

/** Hears of a record of an observed topic left unhandled because it names no flow. */
export type OnUncorrelated = (message: InboundMessage) => void;

/**
 * Decodes each event's CloudEvents envelope and validates its payload; an event that fails is
 * marked for the dead-letter topic (a permanent failure), and the others go on. An event that
 * `ignores` (a fact of another service that no handler takes, of a type the catalogue may not
 * even know) is marked unhandled without being decoded. An event of a topic the worker
 * `observes` is decoded from its headers alone, whatever its type and payload; one without a
 * `ce_correlationid` names no flow to observe: it is marked unhandled undecoded (`uncorrelated`
 * hears of it), never dead-lettered, as hand-written bad input on a topic is its owner's to
 * set apart, and a dead letter of it would only copy the owner's.
 */
export function decodeMiddleware(
  catalogue: EventCatalogue,
  ignores: IgnoresEvent = () => false,
  observes: (topic: string) => boolean = () => false,
  uncorrelated: OnUncorrelated = () => undefined,
): BatchMiddleware {
  return (next) => async (batch) => {
    for (const item of batch.items) {
      if (item.envelope || item.deadLetter || item.unhandled) continue;
      const type = readHeader(item.message, CloudEventHeaders.type);
      if (type !== undefined && ignores(batch.topic, type)) {
        item.unhandled = true;
        continue;
      }
      const observed = observes(batch.topic);
      if (observed && !readHeader(item.message, CloudEventHeaders.correlationId)) {
        item.unhandled = true;
        uncorrelated(item.message);
        continue;
      }
      try {
        item.envelope = observed
          ? decodeObservedEvent(item.message, item.message)
          : decodeEvent(catalogue, item.message);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        item.deadLetter = { error, attempts: 1 };
      }
    }
    await next(batch);
  };
}
