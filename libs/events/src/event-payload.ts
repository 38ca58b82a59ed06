import { z } from 'zod';
import { EventDefinition } from './event-definition';
import { MalformedEventError } from './errors/malformed-event.error';
import { SchemaViolationError } from './errors/schema-violation.error';

// The payload half of decoding: bytes to JSON, JSON upcast to the current version, then schema.
// Internal to the library; the public face is event-codec.ts.

/**
 * Parses an event value as UTF-8 JSON.
 *
 * @throws MalformedEventError when the value is absent, empty or not valid JSON.
 */
export function parseJsonValue(value: Buffer | null, type: string, id: string): unknown {
  if (value === null || value.length === 0) {
    throw new MalformedEventError(
      `Event '${type}' (id '${id}') has an empty value; producers must send the payload as JSON`,
    );
  }
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch (error: unknown) {
    throw new MalformedEventError(
      `Event '${type}' (id '${id}') has a value that is not valid JSON; producers must send ` +
        `the payload as UTF-8 JSON`,
      { cause: error },
    );
  }
}

/**
 * Upcasts a payload from its version to the definition's current version, one step at a time.
 *
 * @throws SchemaViolationError when an upcaster throws a ZodError (the older payload is invalid).
 * @throws MalformedEventError when an upcaster throws anything else.
 */
export function upcastPayload(
  definition: EventDefinition,
  fromVersion: number,
  payload: unknown,
): unknown {
  let current = payload;
  for (let version = fromVersion; version < definition.version; version += 1) {
    try {
      current = definition.upcasters[version](current);
    } catch (error: unknown) {
      // An upcaster that validates with the older version's schema reports a schema violation.
      if (error instanceof z.core.$ZodError) {
        throw new SchemaViolationError(definition.type, error.issues.map(describeIssue));
      }
      throw new MalformedEventError(
        `Upcasting event '${definition.type}' from version ${version} to ${version + 1} failed ` +
          `(${error instanceof Error ? error.message : String(error)}); fix the upcaster, then ` +
          `replay the event from the dead-letter topic`,
        { cause: error },
      );
    }
  }
  return current;
}

/**
 * Validates a payload against the definition's schema and returns the parsed data.
 *
 * @throws SchemaViolationError listing every issue as `'path: message'`.
 */
export function parsePayload(definition: EventDefinition, payload: unknown): unknown {
  const result = definition.schema.safeParse(payload);
  if (!result.success) {
    throw new SchemaViolationError(definition.type, result.error.issues.map(describeIssue));
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  return `${path}: ${issue.message}`;
}
