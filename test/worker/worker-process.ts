import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { LedgerWorkerConfig } from '../fixtures/ledger/ledger-worker.module';
import { CrashPoint } from '../fixtures/ledger/crash-points';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'test', 'fixtures', 'ledger', 'ledger-worker.main.ts');

/** A ledger worker running as a child process. */
export class WorkerProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly ready: Promise<number>;
  output = '';

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    this.ready = new Promise((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /ready (\d+)/.exec(this.output);
        if (match) resolve(Number(match[1]));
      });
      child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      void this.exited.then(({ code, signal }) =>
        reject(
          new Error(`worker exited (${code ?? signal}) before ready:\n${this.output.slice(-3000)}`),
        ),
      );
    });
    this.ready.catch(() => undefined);
  }

  /** Starts a worker child with the given config and crash plan. */
  static start(
    config: LedgerWorkerConfig,
    crash: { point: CrashPoint; after?: number } = { point: 'none' },
  ): WorkerProcess {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', MAIN],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LEDGER_WORKER_CONFIG: JSON.stringify(config),
          CRASH_POINT: crash.point,
          CRASH_AFTER: String(crash.after ?? 1),
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
          KAFKAJS_NO_PARTITIONER_WARNING: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return new WorkerProcess(child);
  }

  /** Sends a signal (SIGKILL, SIGSTOP, SIGCONT, SIGTERM). */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  /** Tells whether the process still runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}
