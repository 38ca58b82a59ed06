import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

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

  /** Starts `apps/<entry>/main.ts` with the environment given (plus HTTP_PORT). */
  static async start(
    name: string,
    entry: string,
    env: Record<string, string>,
  ): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(ROOT, 'apps', entry, 'main.ts'),
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
}
