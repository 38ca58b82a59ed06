import { writeFile } from 'node:fs/promises';

/** An answer of the DevTools protocol: the result of the call of the same id, or its error. */
interface ProtocolReply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { message: string };
}

/**
 * Profiles a running Node process through its inspector (`node --inspect=127.0.0.1:<port>`)
 * between `start` and `stop`, so that a profile covers a steady state only: not the process's
 * start (its TypeScript compiled on load) nor its shutdown, which `--cpu-prof` would include.
 */
export class InspectorProfiler {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: ProtocolReply) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (message: MessageEvent) => {
      const reply = JSON.parse(String(message.data)) as ProtocolReply;
      if (reply.id === undefined) return;
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /** Connects to the inspector on `port`. @throws Error when no inspector answers there. */
  static async attach(port: number): Promise<InspectorProfiler> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      webSocketDebuggerUrl: string;
    }[];
    if (targets.length === 0) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`inspector on ${port}`)), {
        once: true,
      });
    });
    return new InspectorProfiler(socket);
  }

  /** Starts sampling the process's CPU. */
  async start(): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.start');
  }

  /** Stops sampling and writes the profile to `file` (a `.cpuprofile`). */
  async stop(file: string): Promise<void> {
    const { profile } = (await this.call('Profiler.stop')) as { profile: unknown };
    await writeFile(file, JSON.stringify(profile));
  }

  close(): void {
    this.socket.close();
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error
          ? reject(new Error(`${method}: ${reply.error.message}`))
          : resolve(reply.result),
      );
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
}
