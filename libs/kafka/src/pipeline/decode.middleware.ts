import { decodeEvent, EventCatalogue, EventError } from '@app/events';
import { BatchMiddleware } from './partition-batch';

/**
 * Decodes each event's CloudEvents envelope and validates its payload; an event that fails is
 * marked for the dead-letter topic (a permanent failure), and the others go on.
 */
export function decodeMiddleware(catalogue: EventCatalogue): BatchMiddleware {
  return (next) => async (batch) => {
    for (const item of batch.items) {
      if (item.envelope || item.deadLetter) continue;
      try {
        item.envelope = decodeEvent(catalogue, item.message);
      } catch (error) {
        if (!(error instanceof EventError)) throw error;
        item.deadLetter = { error, attempts: 1 };
      }
    }
    await next(batch);
  };
}
