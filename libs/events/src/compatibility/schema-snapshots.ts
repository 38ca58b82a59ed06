import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EventCatalogue } from '../event-catalogue';
import { EventDefinition } from '../event-definition';
import { incompatibilities, Incompatibility, JsonSchema } from './schema-compatibility';

/** Where the published schemas live: `<type>/v<version>.json`, committed with the code. */
export const SNAPSHOT_DIR = join(__dirname, '..', '..', 'schemas');

/** The JSON Schema of what producers may send for a definition's current version. */
export function currentSchema(definition: EventDefinition): JsonSchema {
  return z.toJSONSchema(definition.schema, { io: 'input' }) as JsonSchema;
}

function snapshotPath(type: string, version: number, dir: string): string {
  return join(dir, type, `v${version}.json`);
}

/** Reads the published schema of a type's version, or undefined when none was recorded. */
export function readSnapshot(
  type: string,
  version: number,
  dir = SNAPSHOT_DIR,
): JsonSchema | undefined {
  const path = snapshotPath(type, version, dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as JsonSchema) : undefined;
}

/** What the gate found for one definition. */
export type SnapshotCheck =
  | { readonly status: 'recorded' }
  | { readonly status: 'missing' }
  | { readonly status: 'changed-compatibly' }
  | { readonly status: 'broken'; readonly incompatibilities: readonly Incompatibility[] };

/** Compares a definition's current schema with its recorded snapshot. */
export function checkSnapshot(definition: EventDefinition, dir = SNAPSHOT_DIR): SnapshotCheck {
  const recorded = readSnapshot(definition.type, definition.version, dir);
  if (!recorded) return { status: 'missing' };
  const current = currentSchema(definition);
  const found = incompatibilities(recorded, current);
  if (found.length > 0) return { status: 'broken', incompatibilities: found };
  return JSON.stringify(recorded) === JSON.stringify(current)
    ? { status: 'recorded' }
    : { status: 'changed-compatibly' };
}

/** Explains a failed check, with how to fix it. */
export function explain(definition: EventDefinition, check: SnapshotCheck): string {
  const name = `${definition.type} v${definition.version}`;
  switch (check.status) {
    case 'missing':
      return `${name} has no recorded schema: run \`npm run schemas:snapshot\` and commit libs/events/schemas.`;
    case 'changed-compatibly':
      return `${name} changed compatibly: run \`npm run schemas:snapshot\` to record it, and commit.`;
    case 'broken':
      return [
        `${name} changed in a way its consumers cannot follow:`,
        ...check.incompatibilities.map((i) => `  - ${i.path}: ${i.kind} (${i.detail})`),
        `Keep v${definition.version} as recorded and declare version ${definition.version + 1} with an upcaster ` +
          `from ${definition.version} (libs/events/README.md, "Versioning and upcasting").`,
      ].join('\n');
    default:
      return `${name} is as recorded.`;
  }
}

/**
 * Records the current schema of every definition whose snapshot is missing or changed
 * compatibly; never overwrites a snapshot that the current schema breaks.
 * @returns what it wrote and what it refused, one line each
 */
export function recordSnapshots(
  catalogues: readonly EventCatalogue[],
  dir = SNAPSHOT_DIR,
): string[] {
  const lines: string[] = [];
  for (const definition of catalogues.flatMap((catalogue) => catalogue.all())) {
    const check = checkSnapshot(definition, dir);
    if (check.status === 'recorded') continue;
    if (check.status === 'broken') {
      lines.push(`refused: ${explain(definition, check)}`);
      continue;
    }
    const path = snapshotPath(definition.type, definition.version, dir);
    mkdirSync(join(dir, definition.type), { recursive: true });
    writeFileSync(path, `${JSON.stringify(currentSchema(definition), null, 2)}\n`);
    lines.push(`recorded ${definition.type} v${definition.version}`);
  }
  return lines;
}
