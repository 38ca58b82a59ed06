/**
 * Records the JSON Schema of every published event type's current version in libs/events/schemas
 * when it is new or changed compatibly; refuses breaking changes (the test suite fails on them
 * too). Run with `npm run schemas:snapshot`, then commit the files it wrote.
 */
import * as events from '@app/events';
import { recordSnapshots } from '@app/events';

const catalogues = Object.values(events).filter(
  (value): value is events.EventCatalogue => value instanceof events.EventCatalogue,
);
const lines = recordSnapshots(catalogues);
for (const line of lines) console.log(line);
if (lines.length === 0) console.log('every published schema is recorded');
if (lines.some((line) => line.startsWith('refused'))) process.exitCode = 1;
