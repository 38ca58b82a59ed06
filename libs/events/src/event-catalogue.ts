import { EventDefinition } from './event-definition';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';
import { UnknownEventTypeError } from './errors/unknown-event-type.error';

/** Holds every declared event type, looked up by name when an event is decoded. */
export class EventCatalogue {
  private readonly byType = new Map<string, EventDefinition>();
  private readonly definitions: readonly EventDefinition[];

  /**
   * Creates the catalogue from its definitions.
   *
   * @throws InvalidEventDefinitionError when two definitions declare the same type.
   */
  constructor(definitions: readonly EventDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) {
        throw new InvalidEventDefinitionError(
          `Event type '${definition.type}' is declared twice in the catalogue; ` +
            `declare each type once and evolve it with versions`,
        );
      }
      this.byType.set(definition.type, definition);
    }
    this.definitions = Object.freeze([...definitions]);
  }

  /**
   * Returns one catalogue of the given ones: a consumer composes its own catalogue with the
   * catalogues other services publish, rather than declaring their events again. A definition
   * found in several of them (the same object) counts once.
   *
   * @throws InvalidEventDefinitionError when two different definitions declare the same type.
   */
  static compose(...catalogues: readonly EventCatalogue[]): EventCatalogue {
    return new EventCatalogue([...new Set(catalogues.flatMap((catalogue) => catalogue.all()))]);
  }

  /** Returns the part of this catalogue whose events travel on the given topics. */
  onTopics(...topics: readonly string[]): EventCatalogue {
    return new EventCatalogue(this.definitions.filter((d) => topics.includes(d.topic)));
  }

  /**
   * Returns the definition of an event type.
   *
   * @throws UnknownEventTypeError when the catalogue does not declare the type.
   */
  get(type: string): EventDefinition {
    const definition = this.byType.get(type);
    if (definition === undefined) {
      throw new UnknownEventTypeError(type);
    }
    return definition;
  }

  /** Tells whether the catalogue declares an event type. */
  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Lists every definition, in declaration order. */
  all(): readonly EventDefinition[] {
    return this.definitions;
  }

  /**
   * Returns the same catalogue with every topic prefixed, for environments that share one Kafka
   * cluster (`staging.customers.commands`). An empty prefix returns this catalogue.
   */
  withTopicPrefix(prefix: string): EventCatalogue {
    if (prefix === '') return this;
    return new EventCatalogue(
      this.definitions.map((definition) =>
        Object.freeze({ ...definition, topic: `${prefix}${definition.topic}` }),
      ),
    );
  }

  /** Returns the catalogue's own definition of the given type, so that its topic applies. */
  resolve<D extends EventDefinition>(definition: D): D {
    return (this.byType.get(definition.type) as D | undefined) ?? definition;
  }

  /** Lists the distinct topics of the declared types, sorted. */
  topics(): readonly string[] {
    return [...new Set(this.definitions.map((definition) => definition.topic))].sort();
  }
}
