import {
  CloudEventHeaders,
  decodeEvent,
  decodeObservedEvent,
  EventCatalogue,
  EventError,
  readHeader,
} from '@app/events';
import { BatchMiddleware } from './partition-batch';

/** Tells whether an event of the topic, of the type its header names, is left unhandled undecoded. */
export type IgnoresEvent = (topic: string, type: string) => boolean;

/**
 * Decodes each event's CloudEvents envelope and validates its payload; an event that fails is
 * marked for the dead-letter topic (a permanent failure), and the others go on. An event that
 * `ignores` (a fact of another service that no handler takes, of a type the catalogue may not
 * even know) is marked unhandled without being decoded. An event of a topic the worker
 * `observes` is decoded from its headers alone, whatever its type and payload.
 */
export function decodeMiddleware(
  catalogue: EventCatalogue,
  ignores: IgnoresEvent = () => false,
  observes: (topic: string) => boolean = () => false,
): BatchMiddleware {
  return (next) => async (batch) => {
    for (const item of batch.items) {
      if (item.envelope || item.deadLetter || item.unhandled) continue;
      const type = readHeader(item.message, CloudEventHeaders.type);
      if (type !== undefined && ignores(batch.topic, type)) {
        item.unhandled = true;
        continue;
      }
      try {
        item.envelope = observes(batch.topic)
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
