// Lets the schematics (TypeScript) run from a fresh clone with no build step: ts-node compiles
// them on require, and tsconfig-paths resolves the @app/* aliases the deployment wiring imports.
// Required once per process (Node caches this module).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });

/** Registers the @app/* aliases as tsconfig.json holds them now (a schematic may have added one). */
function registerPaths() {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });
}

module.exports = { registerPaths };
