import { z } from 'zod';
import { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';

/** Turns the payload of version n of an event type into the payload of version n + 1. */
export type Upcaster = (older: unknown) => unknown;

/** Declares one event type once: its name, current version, payload schema, topic and key. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** Names the type, lowercase and dot/dash separated (e.g. `customers.create-customer`). */
  readonly type: string;
  /** Gives the current version, an integer from 1. */
  readonly version: number;
  /** Validates the payload of the current version. */
  readonly schema: S;
  /** Names the topic events of this type are published to. */
  readonly topic: string;
  /** Derives the Kafka partition key from a payload. */
  readonly keyOf: (payload: z.output<S>) => string;
  /** Maps every version n in [1, version) to the upcaster that turns it into version n + 1. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/** Gives the typed payload of an event definition, inferred from its schema. */
export type PayloadOf<D extends EventDefinition> = z.output<D['schema']>;

/** Describes an event type as written in the catalogue; `defineEvent` checks and freezes it. */
export interface EventSpec<S extends z.ZodType> {
  type: string;
  /** @default 1 */
  version?: number;
  schema: S;
  topic: string;
  key: (payload: z.output<S>) => string;
  upcasters?: Record<number, Upcaster>;
}

const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/**
 * Declares an event type, checking it so that a mistake fails at start-up instead of in a consumer.
 *
 * @throws InvalidEventDefinitionError when the type is malformed, the topic is empty, the version
 *   is not an integer from 1, or an upcaster for some n in [1, version) is missing or out of range.
 */
export function defineEvent<S extends z.ZodType>(spec: EventSpec<S>): EventDefinition<S> {
  const version = spec.version ?? 1;
  if (!EVENT_TYPE_PATTERN.test(spec.type)) {
    throw new InvalidEventDefinitionError(
      `Event type '${spec.type}' is malformed; use lowercase words separated by dots or dashes, ` +
        `e.g. 'customers.create-customer'`,
    );
  }
  if (spec.topic.length === 0) {
    throw new InvalidEventDefinitionError(
      `Event type '${spec.type}' has an empty topic; use a constant from Topics`,
    );
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidEventDefinitionError(
      `Event type '${spec.type}' has version ${version}; a version is an integer from 1`,
    );
  }
  const upcasters = checkUpcasters(spec.type, version, spec.upcasters ?? {});
  return Object.freeze({
    type: spec.type,
    version,
    schema: spec.schema,
    topic: spec.topic,
    keyOf: spec.key,
    upcasters,
  });
}

function checkUpcasters(
  type: string,
  version: number,
  upcasters: Record<number, Upcaster>,
): Readonly<Record<number, Upcaster>> {
  for (let from = 1; from < version; from += 1) {
    if (typeof upcasters[from] !== 'function') {
      throw new InvalidEventDefinitionError(
        `Event type '${type}' is at version ${version} but has no upcaster from version ${from} ` +
          `to ${from + 1}; add upcasters[${from}] so older events can still be read`,
      );
    }
  }
  // An upcaster outside [1, version) is never called: it is a leftover or a wrong version number.
  for (const key of Object.keys(upcasters)) {
    const from = Number(key);
    if (!Number.isInteger(from) || from < 1 || from >= version) {
      throw new InvalidEventDefinitionError(
        `Event type '${type}' has an upcaster for version '${key}' but only versions 1 to ` +
          `${version - 1} can be upcast; remove it or raise the version`,
      );
    }
  }
  return Object.freeze({ ...upcasters });
}
