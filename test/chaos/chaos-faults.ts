import { ServiceDefinition } from '@app/service';
import { ChaosLandscape, Slot } from './chaos-landscape';
import { SeededRandom } from './seeded-random';

/** The kinds of fault a chaos run injects. */
export const FAULT_KINDS = [
  'kill',
  'zombie',
  'rolling-restart',
  'postgres-stop',
  'broker-kill',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One injected fault, as logged. */
export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  /** Milliseconds since the run began, when it began and when it was over. */
  readonly at: number;
  readonly endedAt: number;
  readonly detail: string;
}

/** How often and how hard faults come. */
export interface FaultPlan {
  /**
   * How many streams of each kind run at once (0: that kind never comes). Each stream injects
   * one fault at a time: a pause, a fault until it is over, a pause, the next.
   */
  readonly streams: Readonly<Record<FaultKind, number>>;
  /** Pause between one fault's end and the next fault's beginning in a stream, in ms, drawn in [min, max]. */
  readonly gapMs: readonly [number, number];
}

/** The worker session timeout of the run's workers (LandscapeSystem's env): a zombie outlives it. */
const SESSION_TIMEOUT_MS = 6_000;

/** How long a stream waits before looking again when every process it could strike is held. */
const RETRY_PICK_MS = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects faults on a seeded schedule: one stream per kind (or several), all at once, so that
 * faults overlap as they would in production (a worker killed while the broker restarts).
 * Within a stream, the pauses, the process struck and how long each fault lasts come from a
 * seed of the stream's own, so a seed replays every stream's schedule. A process is struck by
 * one fault at a time, a service's workers by one rolling restart at a time.
 */
export class FaultInjector {
  readonly faults: FaultRecord[] = [];
  private readonly began = Date.now();
  /** The services a rolling restart is replacing the workers of. */
  private readonly rolling = new Set<ServiceDefinition>();
  /** Kills whose process is still coming back. */
  private readonly restarting = new Set<Promise<void>>();

  constructor(
    private readonly landscape: ChaosLandscape,
    private readonly seed: number,
    private readonly plan: FaultPlan,
    private readonly log: (line: string) => void,
  ) {}

  /** Injects faults until `until` (epoch ms), then waits for every fault to be over. */
  async run(until: number): Promise<void> {
    await Promise.all(
      FAULT_KINDS.flatMap((kind, k) =>
        Array.from({ length: this.plan.streams[kind] }, (_, i) =>
          this.stream(kind, new SeededRandom(this.seed ^ ((k + 1) * 0x9e3779b1 + i)), until),
        ),
      ),
    );
    while (this.restarting.size > 0) await Promise.all(this.restarting);
  }

  private async stream(kind: FaultKind, random: SeededRandom, until: number): Promise<void> {
    while (Date.now() < until) {
      await sleep(random.int(...this.plan.gapMs));
      while (Date.now() < until && !(await this.strike(kind, random))) await sleep(RETRY_PICK_MS);
    }
  }

  /** Counts the faults injected, by kind. */
  counts(): Record<FaultKind, number> {
    const counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<
      FaultKind,
      number
    >;
    for (const fault of this.faults) counts[fault.kind]++;
    return counts;
  }

  /** Injects one fault of `kind` and waits until it is over; false when no process could be struck. */
  private async strike(kind: FaultKind, random: SeededRandom): Promise<boolean> {
    const { landscape } = this;
    if (kind === 'broker-kill') {
      await this.record(kind, 'kafka', () => this.killBroker(random));
      return true;
    }
    if (kind === 'postgres-stop') {
      await this.record(kind, 'postgres', () => this.stopPostgres(random));
      return true;
    }
    if (kind === 'rolling-restart') {
      // A service no other rolling restart holds; its workers that no other fault holds.
      const services = landscape.services.filter(
        (service) =>
          !this.rolling.has(service) && landscape.available(service, 'worker').length > 0,
      );
      if (services.length === 0) return false;
      const service = random.pick(services);
      const slots = landscape.available(service, 'worker');
      this.rolling.add(service);
      for (const slot of slots) slot.busy = true;
      await this.record(kind, `${service.name} workers`, () =>
        this.rollingRestart(service, slots).finally(() => {
          for (const slot of slots) slot.busy = false;
          this.rolling.delete(service);
        }),
      );
      return true;
    }
    const role = kind === 'zombie' ? 'worker' : random.pick(['api', 'worker'] as const);
    const candidates = landscape.services.flatMap((service) => landscape.available(service, role));
    if (candidates.length === 0) return false;
    const slot = random.pick(candidates);
    slot.busy = true;
    const hold =
      kind === 'zombie' ? SESSION_TIMEOUT_MS + random.int(1_000, 4_000) : random.int(500, 5_000);
    const fault = this.record(kind, slot.name, () =>
      (kind === 'zombie' ? this.freeze(slot, hold) : this.kill(slot, hold)).finally(() => {
        slot.busy = false;
      }),
    );
    if (kind === 'zombie') {
      await fault;
      return true;
    }
    // A killed process comes back in the background, as a restarted pod does, while the stream
    // goes on: how long a start takes during outages does not space the kills.
    this.restarting.add(fault);
    void fault.finally(() => this.restarting.delete(fault));
    return true;
  }

  /** SIGKILLs the slot's process and starts another after `delayMs`. */
  private async kill(slot: Slot, delayMs: number): Promise<string> {
    slot.app.signal('SIGKILL');
    await slot.app.exited;
    await sleep(delayMs);
    const starting = Date.now();
    slot.app = await this.landscape.spawn(slot.service, slot.role);
    return `SIGKILL, restarted after ${delayMs} ms, ready ${Date.now() - starting} ms later`;
  }

  /** SIGSTOPs the slot's worker past its session timeout (its partitions move on), then SIGCONT. */
  private async freeze(slot: Slot, holdMs: number): Promise<string> {
    slot.app.signal('SIGSTOP');
    await sleep(holdMs);
    slot.app.signal('SIGCONT');
    return `SIGSTOP for ${holdMs} ms, then SIGCONT`;
  }

  /** Replaces each worker as Kubernetes does with maxSurge 1, maxUnavailable 0. */
  private async rollingRestart(service: ServiceDefinition, slots: Slot[]): Promise<string> {
    const readyMs: number[] = [];
    for (const slot of slots) {
      const starting = Date.now();
      const next = await this.landscape.spawn(service, 'worker');
      readyMs.push(Date.now() - starting);
      const old = slot.app;
      slot.app = next;
      old.signal('SIGTERM');
      const exited = await Promise.race([old.exited.then(() => true), sleep(30_000)]);
      if (!exited) old.signal('SIGKILL');
    }
    return `${slots.length} workers replaced (start new, ready, SIGTERM old); each ready after ${readyMs.join(', ')} ms`;
  }

  private async stopPostgres(random: SeededRandom): Promise<string> {
    const downMs = random.int(1_000, 4_000);
    await this.landscape.postgres.restart(downMs, 'fast');
    return `stopped (fast) for ${downMs} ms`;
  }

  private async killBroker(random: SeededRandom): Promise<string> {
    const downMs = random.int(0, 1_500);
    await this.landscape.kafka.kill();
    await sleep(downMs);
    await this.landscape.kafka.start();
    return `SIGKILL, restarted after ${downMs} ms`;
  }

  private async record(kind: FaultKind, target: string, act: () => Promise<string>): Promise<void> {
    const at = Date.now() - this.began;
    this.log(`fault ${kind} ${target} begins`);
    let detail: string;
    try {
      detail = await act();
    } catch (error) {
      detail = `failed: ${String(error).slice(0, 500)}`;
    }
    const fault: FaultRecord = { kind, target, at, endedAt: Date.now() - this.began, detail };
    this.faults.push(fault);
    this.log(`fault ${kind} ${target}: ${detail}`);
  }
}
