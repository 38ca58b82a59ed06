import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
/** What a copy of the repository leaves out: installed packages, build output, the local stack. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.stack', 'coverage']);
const NAME = 'parcels';
const COLLECTION = './tools/schematics/collection.json';
const MINUTES = 60_000;

interface Output {
  readonly code: number;
  readonly output: string;
}

/**
 * `nest g app <name>` with the repository's collection, in a copy of the repository (its
 * node_modules linked): the service it generates passes the type check, the lint, its unit spec,
 * the freshness checks of what derives from the landscape, the deploy tests and its end-to-end
 * test against the real stack, with no edit.
 */
describe('The app schematic, through the Nest CLI', () => {
  const copy = mkdtempSync(join(tmpdir(), 'app-schematic-'));
  let generated: Output;

  /** Runs a Node program of node_modules in the copy; never throws, answers the exit code and output. */
  async function node(program: string, args: readonly string[]): Promise<Output> {
    try {
      const { stdout, stderr } = await run(process.execPath, [program, ...args], {
        cwd: copy,
        env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, output: stdout + stderr };
    } catch (error: unknown) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }

  const nest = (...args: string[]) => node('node_modules/@nestjs/cli/bin/nest.js', args);

  /** Runs the tests of `paths` in one jest project of the copy, and expects them all to pass. */
  async function expectJestToPass(project: string, paths: readonly string[]): Promise<void> {
    // Paths first: --selectProjects takes every name after it.
    const result = await node('node_modules/jest/bin/jest.js', [
      ...paths,
      '--selectProjects',
      project,
    ]);
    expect({ code: result.code, tail: result.output.slice(-3000) }).toEqual({
      code: 0,
      tail: expect.stringMatching(/Tests: +\d+ passed/),
    });
  }

  beforeAll(async () => {
    cpSync(ROOT, copy, {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(relative(ROOT, source).split('/')[0]),
    });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(copy, 'node_modules'));
    generated = await nest('g', 'app', NAME, '-c', COLLECTION);
  }, 5 * MINUTES);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('writes the service, its events, tests and wiring, and edits the landscape files', () => {
    expect(generated.output).not.toMatch(/error/i);
    for (const path of [
      `libs/${NAME}/src/${NAME}.service.ts`,
      `libs/events/src/catalogue/${NAME}/${NAME}.catalogue.ts`,
      `apps/${NAME}/api/main.ts`,
      `apps/${NAME}/worker/main.ts`,
      `apps/${NAME}/api/create-parcel/create-parcel.dto.spec.ts`,
      `test/e2e/${NAME}-flow.e2e-spec.ts`,
      `k8s/base/services/${NAME}/worker.yaml`,
      `libs/events/schemas/${NAME}.parcel-created/v1.json`,
    ])
      expect({ path, exists: existsSync(join(copy, path)) }).toEqual({ path, exists: true });
    const text = (path: string) => readFileSync(join(copy, path), 'utf8');
    expect(text('tools/landscape.ts')).toContain(`${NAME}: ${NAME}Service,`);
    expect(text('tsconfig.json')).toContain(`"@app/${NAME}": ["libs/${NAME}/src"]`);
    expect(JSON.parse(text('nest-cli.json')).projects[NAME].sourceRoot).toBe(`libs/${NAME}/src`);
    expect(text('docker/compose.yaml')).toContain(`${NAME}-worker:`);
  });

  it(
    'passes the type check and the lint with no edit',
    async () => {
      expect(
        await node('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json', '--noEmit']),
      ).toEqual({
        code: 0,
        output: '',
      });
      const lint = await node('node_modules/eslint/bin/eslint.js', [
        `apps/${NAME}`,
        `libs/${NAME}`,
        'libs/events/src',
        'tools',
        `test/e2e/${NAME}-flow.e2e-spec.ts`,
      ]);
      expect(lint).toEqual({ code: 0, output: '' });
    },
    5 * MINUTES,
  );

  it(
    'passes its unit spec and the checks that derived files are current',
    async () => {
      await expectJestToPass('unit', [
        `apps/${NAME}`,
        'libs/events/src/topics.constants.spec.ts',
        'libs/events/src/compatibility',
        'tools/deploy',
        'tools/asyncapi.spec.ts',
      ]);
    },
    5 * MINUTES,
  );

  it(
    'passes the deploy tests and its end-to-end test against the real stack',
    async () => {
      await expectJestToPass('integration', ['test/deploy', `test/e2e/${NAME}-flow.e2e-spec.ts`]);
    },
    10 * MINUTES,
  );

  it(
    'refuses a name that exists, or that is not lowercase words joined by dashes, saying why',
    async () => {
      // The Nest CLI kebab-cases names first: Customers becomes customers, which exists.
      const existing = await nest('g', 'app', 'Customers', '-c', COLLECTION);
      expect(existing.output).toContain(
        "The service 'customers' already exists (libs/customers, apps/customers,",
      );
      const invalid = await nest('g', 'app', 'gift_cards', '-c', COLLECTION);
      expect(invalid.output).toContain(
        "The service name 'gift_cards' must be lowercase letters and digits, words joined by dashes",
      );
      expect(existsSync(join(copy, 'apps', 'gift_cards'))).toBe(false);
      // npm run new:service says so with its exit code too (the Nest CLI exits 0).
      const viaScript = await node('tools/schematics/new-service.js', ['customers']);
      expect(viaScript.code).toBe(1);
      expect(viaScript.output).toContain("no service 'customers' was generated");
    },
    2 * MINUTES,
  );
});
