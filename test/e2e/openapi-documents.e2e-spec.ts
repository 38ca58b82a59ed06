import { Parser } from '@asyncapi/parser';
import { AppProcess } from '@app/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { landscape } from '../../tools/landscape';
import { LandscapeSystem } from './landscape-system';

/** One problem Redocly's linter reports. */
interface LintProblem {
  readonly rule: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly at?: string;
}

/** An API whose OpenAPI document is served at `/docs-json`, started on the real stack. */
interface ServedApi {
  readonly name: string;
  /** Starts the API (and what it needs); returns the process and how to stop everything. */
  start(): Promise<{ api: AppProcess; stop: () => Promise<void> }>;
}

/** Every API of the landscape (tools/landscape.ts), each started alone with its own schema. */
const apis: ServedApi[] = Object.values(landscape).map((service) => ({
  name: service.name,
  async start() {
    const system = new LandscapeSystem([service]);
    await system.setUp();
    return { api: await system.startApi(service), stop: () => system.tearDown() };
  },
}));

/**
 * Warnings of Redocly's recommended rules that we accept, each with its reason. Anything else,
 * error or warning, fails the test.
 */
const acceptedWarnings: Readonly<Record<string, string>> = {};

/** What the two validators say of a document. */
interface Verdicts {
  /** swagger-parser's validation error, or null when the document is valid. */
  readonly swaggerParser: string | null;
  readonly redocly: LintProblem[];
}

/**
 * Validates a document with swagger-parser and Redocly's recommended rules, in a child node:
 * both are ES modules, which Jest's CommonJS runtime cannot load.
 */
function validate(document: unknown): Promise<Verdicts> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, '..', 'openapi', 'validate-openapi.mjs')],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`OpenAPI validation did not run: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as Verdicts);
      },
    );
    child.stdin?.end(JSON.stringify(document));
  });
}

describe.each(apis)(
  'The OpenAPI and AsyncAPI documents of the $name API (real process)',
  ({ name, start }) => {
    let verdicts: Verdicts;
    let stop: (() => Promise<void>) | undefined;
    let url: string;

    beforeAll(async () => {
      const started = await start();
      stop = started.stop;
      url = started.api.url;
      const reply = await fetch(`${started.api.url}/docs-json`);
      expect(reply.status).toBe(200);
      verdicts = await validate(await reply.json());
    }, 120_000);
    afterAll(() => stop?.());

    it('is valid OpenAPI for swagger-parser', () => {
      expect(verdicts.swaggerParser).toBeNull();
    });

    it("passes Redocly's recommended rules with no error and no unexplained warning", () => {
      const unexplained = verdicts.redocly.filter(
        (problem) => problem.severity === 'error' || !(problem.rule in acceptedWarnings),
      );
      expect(unexplained).toEqual([]);
    });

    it('serves the AsyncAPI document of its topics, valid for the AsyncAPI parser', async () => {
      const reply = await fetch(`${url}/asyncapi.json`);
      expect(reply.status).toBe(200);
      const { document, diagnostics } = await new Parser().parse(await reply.text());
      const problems = diagnostics
        .filter((d) => d.severity <= 1)
        .map((d) => `${d.path.join('.')}: ${d.message}`);
      expect(problems).toEqual([]);
      expect(
        document
          ?.channels()
          .all()
          .map((channel) => channel.address())
          .sort(),
      ).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${name}\\.`))]));
      expect(document?.operations().all().length).toBeGreaterThanOrEqual(3);
    });
  },
);
