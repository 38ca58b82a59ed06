import { EventCatalogue } from '../event-catalogue';
import * as events from '../index';
import { checkSnapshot, explain } from './schema-snapshots';

/** Every catalogue the library publishes: a new service's catalogue is checked once exported. */
const catalogues = Object.values(events).filter(
  (value): value is EventCatalogue => value instanceof EventCatalogue,
);
const definitions = catalogues.flatMap((catalogue) => catalogue.all());

describe('Published event schemas', () => {
  it('come from at least one catalogue', () => {
    expect(definitions.length).toBeGreaterThan(0);
  });

  it.each(definitions.map((d) => [`${d.type} v${d.version}`, d] as const))(
    '%s is as recorded in libs/events/schemas, or changed compatibly and recorded',
    (_, definition) => {
      const check = checkSnapshot(definition);
      if (check.status !== 'recorded') throw new Error(explain(definition, check));
    },
  );
});
