import * as events from '@app/events';
import { Rule, Tree } from '@angular-devkit/schematics';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { landscapeAsyncApi } from '../../asyncapi';
import { deploymentFiles, landscapeWiring } from '../../deploy/deploy-manifests';

const SCHEMAS = 'libs/events/schemas';

/**
 * Writes what is derived from tools/landscape.ts and the event catalogues, as `npm run
 * deploy:manifests`, `npm run asyncapi` and `npm run schemas:snapshot` do: every service's
 * deployment wiring, docs/asyncapi.yaml, and the schema of each event type not yet recorded. The
 * `app` schematic runs it once the new service's files are on disk.
 */
export function derivedFiles(): Rule {
  return (tree) => {
    for (const [path, text] of deploymentFiles(landscapeWiring())) write(tree, path, text);
    write(tree, 'docs/asyncapi.yaml', landscapeAsyncApi());
    for (const [path, text] of newSchemaSnapshots(tree)) write(tree, path, text);
  };
}

/** Returns the snapshot files of the event types whose current version has none yet. */
function newSchemaSnapshots(tree: Tree): Map<string, string> {
  const catalogues = Object.values(events).filter(
    (value): value is events.EventCatalogue => value instanceof events.EventCatalogue,
  );
  const scratch = mkdtempSync(join(tmpdir(), 'schemas-'));
  try {
    events.recordSnapshots(catalogues, scratch);
    const files = new Map<string, string>();
    for (const type of readdirSync(scratch))
      for (const file of readdirSync(join(scratch, type))) {
        const path = `${SCHEMAS}/${type}/${file}`;
        if (!tree.exists(path)) files.set(path, readFileSync(join(scratch, type, file), 'utf8'));
      }
    return files;
  } finally {
    rmSync(scratch, { recursive: true });
  }
}

function write(tree: Tree, path: string, text: string): void {
  if (!tree.exists(path)) tree.create(path, text);
  else if (tree.readText(path) !== text) tree.overwrite(path, text);
}
