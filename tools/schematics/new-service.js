// `npm run new:service -- <name>`: runs `nest g app <name>` with the repository's collection and
// exits non-zero when no service was generated. The Nest CLI prints a schematic's refusal (a name
// that exists, or is not lowercase words joined by dashes) but exits 0, which a script or CI
// step would take for success.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith('-'));
if (!name) {
  process.stderr.write(
    'usage: npm run new:service -- <name>   (lowercase words joined by dashes)\n',
  );
  process.exit(2);
}
// The CLI kebab-cases the name, as the schematic does.
const service = name
  .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
  .replace(/[\s_]+/g, '-')
  .toLowerCase();
const entry = join(root, 'apps', service, 'api', 'main.ts');
const existed = existsSync(entry);
const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
const result = spawnSync(
  process.execPath,
  [nest, 'g', 'app', ...args, '-c', './tools/schematics/collection.json'],
  { cwd: root, stdio: 'inherit' },
);
if (result.status !== 0) process.exit(result.status ?? 1);
if (args.includes('--dry-run')) process.exit(0);
if (existed || !existsSync(entry)) {
  process.stderr.write(`new:service: no service '${service}' was generated (see above)\n`);
  process.exit(1);
}
