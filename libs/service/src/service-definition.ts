import { EventCatalogue } from '@app/events';
import { DatabaseOptions } from '@app/persistence';
import { ModuleMetadata } from '@nestjs/common';

/**
 * Describes one app service once, for its API, its worker, its migration job and its tests: its
 * name, its events, its own topics, its schema and what lives there.
 */
export interface ServiceDefinition {
  /** Lowercase name: the apps are `<name>-api` and `<name>-worker` (their `ce_source`). */
  readonly name: string;
  /** The service's own events (commands and facts), as it publishes them for others. */
  readonly catalogue: EventCatalogue;
  /** Its input topic (commands, answered by its worker) and output topic (facts). */
  readonly topics: { readonly commands: string; readonly events: string };
  /** Its own PostgreSQL schema. */
  readonly schema: string;
  /** Its migrations, run after the worker tables. */
  readonly migrations: NonNullable<DatabaseOptions['migrations']>;
  /** The entities its repositories read and write. */
  readonly entities?: readonly EntityClass[];
  /** Default HTTP ports: the API's, and the worker's (health and metrics). */
  readonly ports: { readonly api: number; readonly worker: number };
  /**
   * Other services' facts its worker consumes (to keep a replica, say): declared here, beside
   * its own topics, so that its worker subscribes to them and its AsyncAPI document says so.
   */
  readonly consumes?: readonly ConsumedFacts[];
  /**
   * Other services' input topics its worker sends commands to (to request work of them by
   * tracking id): declared so that those commands take the environment's topic prefix, as its
   * own events do, and its AsyncAPI document says so. The worker neither reads nor creates them.
   */
  readonly sends?: readonly SentCommands[];
  /**
   * Topics its worker observes (a flows view, say): every record, whatever its type, goes to its
   * `@OnAnyEvent` handlers, decoded from its headers alone; one with no `ce_correlationid` names
   * no flow and is skipped. Given the environment's topic prefix,
   * returns the topics' full names (a consumer group's dead-letter topic carries the prefix twice).
   */
  readonly observes?: (topicPrefix: string) => readonly string[];
}

/** Another service's topic, and the catalogue its owner publishes. */
export interface OwnedTopic {
  /** The owner's topic (`Topics.customerEvents`, say). */
  readonly topic: string;
  /** The owner's published catalogue; only the events of `topic` are taken from it. */
  readonly catalogue: EventCatalogue;
}

/** Another service's output topic a worker reads facts from. */
export type ConsumedFacts = OwnedTopic;

/** Another service's input topic a worker sends commands to. */
export type SentCommands = OwnedTopic;

/** A TypeORM entity class. */
export type EntityClass = abstract new (...args: never[]) => object;

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Checks and returns a service's definition.
 * @throws Error naming the bad field.
 */
export function defineService<S extends ServiceDefinition>(definition: S): S {
  if (!NAME.test(definition.name)) {
    throw new Error(
      `Service name '${definition.name}' must be lowercase letters, digits and dashes, e.g. 'orders'`,
    );
  }
  for (const topic of [definition.topics.commands, definition.topics.events]) {
    if (!definition.catalogue.topics().includes(topic)) {
      throw new Error(
        `Service ${definition.name}: topic ${topic} carries none of its catalogue's events`,
      );
    }
  }
  return Object.freeze(definition);
}

/** What any app of a service may add besides its domain classes: modules and providers of its own. */
export interface AppExtras {
  readonly imports?: ModuleMetadata['imports'];
  readonly providers?: ModuleMetadata['providers'];
}
