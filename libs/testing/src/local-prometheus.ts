import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';
import { waitFor } from './wait-for';

/** One series of an instant query's answer. */
export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** A rule as `/api/v1/rules` reports it after evaluating it. */
export interface PromRule {
  readonly name: string;
  readonly query: string;
  readonly health: string;
  readonly lastError?: string;
}

/**
 * A real Prometheus server (Debian's `prometheus`) on a free port with a throwaway data
 * directory, for tests that check dashboards and alert rules against what the apps expose.
 */
export class LocalPrometheus {
  private process?: ChildProcess;
  private output = '';
  private readonly dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  url = '';

  /** Starts it with `config` (YAML) and waits until it is ready. */
  async start(config: string): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const configFile = join(this.dir, 'prometheus.yml');
    writeFileSync(configFile, config);
    this.process = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitFor(
      () =>
        fetch(`${this.url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      (ready) => ready,
      { timeoutMs: 30_000, what: `prometheus ready on ${this.url}; its output: ${this.output}` },
    );
  }

  /** Runs an instant query; answers its series (empty when it returns no data). */
  async query(expr: string): Promise<PromSample[]> {
    const reply = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await reply.json()) as {
      status: string;
      error?: string;
      data?: { resultType: string; result: PromSample[] | [number, string] };
    };
    if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
    const result = body.data?.result ?? [];
    // A scalar answer is one value.
    return body.data?.resultType === 'scalar'
      ? [{ metric: {}, value: result as [number, string] }]
      : (result as PromSample[]);
  }

  /** Reads every rule with its health after its last evaluation. */
  async rules(): Promise<PromRule[]> {
    const reply = await fetch(`${this.url}/api/v1/rules`);
    const body = (await reply.json()) as { data: { groups: { rules: PromRule[] }[] } };
    return body.data.groups.flatMap((group) => group.rules);
  }

  /** Reads the scrape targets with their health. */
  async targets(): Promise<{ job: string; health: string; lastError: string }[]> {
    const reply = await fetch(`${this.url}/api/v1/targets`);
    const body = (await reply.json()) as {
      data: {
        activeTargets: { labels: { job: string }; health: string; lastError: string }[];
      };
    };
    return body.data.activeTargets.map((t) => ({
      job: t.labels.job,
      health: t.health,
      lastError: t.lastError,
    }));
  }

  /** Stops it and removes its data. */
  async stop(): Promise<void> {
    const running = this.process;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
