import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Where programs are started from: the code, its tests, tools and benchmarks. */
const SOURCE_DIRS = ['apps', 'libs', 'test', 'tools', 'bench'];

/** The scripts that install what the README's `tools/test` needs on a fresh Debian machine. */
const INSTALLING_SCRIPTS = ['tools/test', 'tools/stack/up'];

/** Programs of Debian's essential packages (dash, coreutils, util-linux): on every machine. */
const BASE_SYSTEM = ['sh', 'runuser', 'mktemp', 'chown'];

/** Programs that a Debian package installed by those scripts brings besides its namesake. */
const PACKAGE_PROGRAMS: Record<string, readonly string[]> = {
  postgresql: ['initdb', 'pg_ctl', 'pg_isready', 'createdb', 'pg_config'],
};

/** Files that start only node itself or the project's own scripts, which no pattern names. */
const STARTS_ONLY_OUR_OWN = [
  'libs/testing/src/app-process.ts',
  'libs/testing/src/test-certificates.ts',
  'test/worker/worker-process.ts',
  'test/worker/dead-letter-replay.spec.ts',
  'test/e2e/demo-flow.e2e-spec.ts',
  'test/e2e/openapi-documents.e2e-spec.ts',
  'test/e2e/orders-trace-context.e2e-spec.ts',
  'test/global-setup.ts',
  'tools/lint/module-boundaries.spec.ts',
  'test/schematics/app-schematic.spec.ts',
];

/** How a program's name shows in a call that starts it. */
const PROGRAM_PATTERNS = [
  // spawn('kcat', ...), execFileSync('kubectl', ...), run('runuser', ...)
  /\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|run|asServer)\(\s*['"`]([\w.-]+)/g,
  // run('sh', ['-c', `promtool check metrics < ...`])
  /'(?:sh|bash)',\s*\[\s*'-c',\s*['"`]([\w.-]+)/g,
  // join(bin, 'initdb'): a program in PostgreSQL's server directory
  /join\([^()]*\bbin\w*(?:\(\))?\s*,\s*'([\w.-]+)'\)/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Returns, per file that imports node:child_process, the programs it starts. */
function programsByFile(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    if (!/from '(?:node:)?child_process'/.test(text)) continue;
    const programs = PROGRAM_PATTERNS.flatMap((pattern) =>
      [...text.matchAll(pattern)].map((match) => match[1]),
    );
    result.set(relative(ROOT, join(ROOT, file)), [...new Set(programs)]);
  }
  return result;
}

/** Returns the programs the installing scripts make sure of: `ensure_cmd` and `apt-get install`. */
function installedPrograms(): Set<string> {
  const installed = new Set(BASE_SYSTEM);
  for (const script of INSTALLING_SCRIPTS) {
    const text = readFileSync(join(ROOT, script), 'utf8');
    for (const [, command] of text.matchAll(/^\s*ensure_cmd (\S+) \S+/gm)) installed.add(command);
    for (const [, pkg] of text.matchAll(/apt-get install (?:-\S+ )*([\w.-]+)/g)) {
      for (const program of PACKAGE_PROGRAMS[pkg] ?? []) installed.add(program);
    }
  }
  return installed;
}

describe('Programs that the tests and tools start', () => {
  const byFile = programsByFile();

  it('are each installed by tools/test or tools/stack/up when missing', () => {
    const installed = installedPrograms();
    const missing = [...byFile].flatMap(([file, programs]) =>
      programs.filter((program) => !installed.has(program)).map((p) => `${p} (${file})`),
    );
    expect(missing).toEqual([]);
  });

  it('are found in every file that starts a process, unless it starts only node or our scripts', () => {
    const unexplained = [...byFile]
      .filter(([file, programs]) => programs.length === 0 && !STARTS_ONLY_OUR_OWN.includes(file))
      .map(([file]) => file);
    expect(unexplained).toEqual([]);
  });

  it('include the ones the suite is known to need, so the patterns still see them', () => {
    const all = new Set([...byFile.values()].flat());
    for (const program of ['kcat', 'promtool', 'kubectl', 'initdb', 'pg_ctl', 'createdb'])
      expect(all).toContain(program);
  });
});
