import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Returns a TCP port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** How to start a process beside its environment. */
export interface AppProcessOptions {
  /** Extra flags for node, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/** One of the project's apps (an API or a worker) running as a child process, as in production. */
export class AppProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /**
   * Starts `apps/<entry>/main.ts` with the environment given (plus HTTP_PORT). An entry ending
   * in `.ts` is a file path relative to the repository's root instead.
   */
  static async start(
    name: string,
    entry: string,
    env: Record<string, string>,
    options: AppProcessOptions = {},
  ): Promise<AppProcess> {
    const port = await freePort();
    const file = entry.endsWith('.ts') ? join(ROOT, entry) : join(ROOT, 'apps', entry, 'main.ts');
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        '-r',
        '@swc-node/register',
        '-r',
        'tsconfig-paths/register',
        file,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...env,
          HTTP_PORT: String(port),
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new AppProcess(name, port, child);
  }

  /** Returns the process id, or undefined when it could not start. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Returns the app's base URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits until `/health/ready` answers 200. @throws Error with the app's output when it exits or times out. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running)
        throw new Error(`${this.name} exited before ready:\n${this.output.slice(-3000)}`);
      const status = await fetch(`${this.url}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready after ${timeoutMs} ms:\n${this.output.slice(-3000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Sends a signal to the process when it still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Tells whether the process still runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills every process still running (SIGKILL); resolves once all have exited. */
  static async killAll(apps: readonly AppProcess[]): Promise<void> {
    for (const app of apps) app.signal('SIGKILL');
    await Promise.all(apps.map((app) => app.exited));
  }
}
