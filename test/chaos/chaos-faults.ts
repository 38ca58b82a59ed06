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
  /** Each fault kind's weight in the draw (0: never). */
  readonly weights: Readonly<Record<FaultKind, number>>;
  /** Pause between two faults begin, in ms, drawn in [min, max]. */
  readonly gapMs: readonly [number, number];
  /** Injects each kind of a non-zero weight once first (in a seeded order), then draws. */
  readonly everyKindFirst?: boolean;
}

/** The worker session timeout of the run's workers (LandscapeSystem's env): a zombie outlives it. */
const SESSION_TIMEOUT_MS = 6_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Injects faults on a seeded schedule: which kind, which process and how long each lasts come
 * from the seed. Faults on processes overlap (a killed process comes back in the background);
 * the broker and PostgreSQL are taken down one at a time, with every process running.
 */
export class FaultInjector {
  readonly faults: FaultRecord[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly began = Date.now();

  constructor(
    private readonly landscape: ChaosLandscape,
    private readonly random: SeededRandom,
    private readonly plan: FaultPlan,
    private readonly log: (line: string) => void,
  ) {}

  /** Injects faults until `until` (epoch ms), then waits for every fault to be over. */
  async run(until: number): Promise<void> {
    const first = this.plan.everyKindFirst
      ? FAULT_KINDS.filter((kind) => this.plan.weights[kind] > 0)
          .map((kind) => ({ kind, order: this.random.next() }))
          .sort((a, b) => a.order - b.order)
          .map(({ kind }) => kind)
      : [];
    while (Date.now() < until) {
      await sleep(this.random.int(...this.plan.gapMs));
      if (Date.now() >= until) break;
      const kind = first.shift() ?? this.random.weighted(this.plan.weights);
      if (kind === 'postgres-stop' || kind === 'broker-kill') {
        // An outage begins with every process back, so each fault is seen on its own.
        await Promise.all(this.pending);
        await this.record(kind, kind === 'broker-kill' ? 'kafka' : 'postgres', () =>
          kind === 'broker-kill' ? this.killBroker() : this.stopPostgres(),
        );
      } else {
        this.track(this.processFault(kind));
      }
    }
    while (this.pending.size > 0) await Promise.all(this.pending);
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

  private processFault(kind: 'kill' | 'zombie' | 'rolling-restart'): Promise<void> {
    const { landscape, random } = this;
    if (kind === 'rolling-restart') {
      // A service none of whose workers another fault holds, so that every one is replaced.
      const whole = landscape.services.filter(
        (service) =>
          landscape.available(service, 'worker').length ===
          landscape.slots.filter((slot) => slot.service === service && slot.role === 'worker')
            .length,
      );
      if (whole.length === 0) return Promise.resolve();
      const service = random.pick(whole);
      const slots = landscape.available(service, 'worker');
      return this.record(kind, `${service.name} workers`, () =>
        this.rollingRestart(service, slots),
      );
    }
    const role = kind === 'zombie' ? 'worker' : random.pick(['api', 'worker'] as const);
    const candidates = landscape.services.flatMap((service) => landscape.available(service, role));
    if (candidates.length === 0) return Promise.resolve();
    const slot = random.pick(candidates);
    slot.busy = true;
    const hold =
      kind === 'zombie' ? SESSION_TIMEOUT_MS + random.int(1_000, 4_000) : random.int(500, 5_000);
    return this.record(kind, slot.name, async () => {
      try {
        return kind === 'zombie' ? await this.freeze(slot, hold) : await this.kill(slot, hold);
      } finally {
        slot.busy = false;
      }
    });
  }

  /** SIGKILLs the slot's process and starts another after `delayMs`. */
  private async kill(slot: Slot, delayMs: number): Promise<string> {
    slot.app.signal('SIGKILL');
    await slot.app.exited;
    await sleep(delayMs);
    slot.app = await this.landscape.spawn(slot.service, slot.role);
    return `SIGKILL, restarted after ${delayMs} ms`;
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
    for (const slot of slots) slot.busy = true;
    try {
      for (const slot of slots) {
        const next = await this.landscape.spawn(service, 'worker');
        const old = slot.app;
        slot.app = next;
        old.signal('SIGTERM');
        const exited = await Promise.race([old.exited.then(() => true), sleep(30_000)]);
        if (!exited) old.signal('SIGKILL');
      }
      return `${slots.length} workers replaced (start new, ready, SIGTERM old)`;
    } finally {
      for (const slot of slots) slot.busy = false;
    }
  }

  private async stopPostgres(): Promise<string> {
    const downMs = this.random.int(2_000, 6_000);
    await this.landscape.postgres.restart(downMs, 'fast');
    return `stopped (fast) for ${downMs} ms`;
  }

  private async killBroker(): Promise<string> {
    const downMs = this.random.int(1_000, 5_000);
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

  private track(fault: Promise<void>): void {
    this.pending.add(fault);
    void fault.finally(() => this.pending.delete(fault));
  }
}
