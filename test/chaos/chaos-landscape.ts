import { ServiceDefinition } from '@app/service';
import { AppProcess, ThrowawayKafka, ThrowawayPostgres } from '@app/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { landscape } from '../../tools/landscape';
import { LandscapeSystem } from '../e2e/landscape-system';

/** What a process of a service is. */
export type Role = 'api' | 'worker';

/**
 * How many processes of each service's API and worker a chaos run keeps running; a service of
 * the landscape not named here (a new one) runs one of each.
 */
export const REPLICAS: Readonly<Partial<Record<keyof typeof landscape, Record<Role, number>>>> = {
  customers: { api: 1, worker: 2 },
  orders: { api: 2, worker: 2 },
  payments: { api: 2, worker: 2 },
  shipping: { api: 1, worker: 2 },
  pricing: { api: 1, worker: 1 },
  flows: { api: 1, worker: 1 },
};

/** How long a process may take to become ready on a busy machine. */
const READY_TIMEOUT_MS = 180_000;

/** How much of each process's output a run keeps. */
const LOG_TAIL_CHARS = 200_000;

/** One place in the fleet (say, the second orders worker), filled by one process at a time. */
export interface Slot {
  readonly service: ServiceDefinition;
  readonly role: Role;
  readonly name: string;
  app: AppProcess;
  /** A fault is acting on it: no other fault picks it. */
  busy: boolean;
}

/**
 * The whole landscape on a Kafka broker and a PostgreSQL of its own (so that faults may kill
 * them without touching the shared stack): every service's API and worker processes as
 * `REPLICAS` says, one topic prefix, a schema per service, and the means to replace a process.
 */
export class ChaosLandscape {
  readonly kafka = new ThrowawayKafka();
  readonly postgres = new ThrowawayPostgres();
  readonly services = Object.values(landscape);
  readonly slots: Slot[] = [];
  /** Every process ever started, for the tear-down. */
  private readonly started: AppProcess[] = [];
  private spawned = 0;
  private system?: LandscapeSystem;
  private stackEnv?: Record<string, string | undefined>;

  /** The landscape's topics and schemas. @throws Error before `start()`. */
  get landscapeSystem(): LandscapeSystem {
    if (!this.system) throw new Error('ChaosLandscape: start() it first.');
    return this.system;
  }

  /** A data source on the run's database; schema-qualified names reach every service's tables. */
  get db(): DataSource {
    return this.landscapeSystem.db(landscape.customers).dataSource;
  }

  /** Returns the schema of a service. */
  schemaOf(service: ServiceDefinition): string {
    return this.landscapeSystem.db(service).schema;
  }

  /** Starts the broker, PostgreSQL and every process; resolves once all are ready. */
  async start(log: (line: string) => void): Promise<void> {
    await Promise.all([this.kafka.start(), this.postgres.start()]);
    // Everything of the test kit reads the stack's addresses from these (put back by tearDown).
    this.stackEnv = {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      DATABASE_URL: process.env.DATABASE_URL,
    };
    process.env.KAFKA_BROKERS = this.kafka.broker;
    process.env.DATABASE_URL = this.postgres.url;
    this.system = new LandscapeSystem(this.services);
    await this.system.setUp();
    // The first worker of each service first (each creates its topics), then the rest.
    const entries = (Object.keys(landscape) as (keyof typeof landscape)[]).map(
      (name) => [name, REPLICAS[name] ?? { api: 1, worker: 1 }] as const,
    );
    const wave = async (role: Role, from: number, to = Infinity) =>
      Promise.all(
        entries.flatMap(([name, counts]) =>
          Array.from({ length: Math.max(0, Math.min(counts[role], to) - from) }, (_, i) =>
            this.addSlot(landscape[name], role, from + i),
          ),
        ),
      );
    await wave('worker', 0, 1).then(() => log('first workers ready'));
    await wave('worker', 1);
    await wave('api', 0);
    log(`${this.slots.length} processes ready`);
  }

  /** Starts a process for `slot`'s service and role and waits until ready, trying again if it dies first. */
  async spawn(service: ServiceDefinition, role: Role): Promise<AppProcess> {
    for (let attempt = 1; ; attempt++) {
      const name = `${service.name}-${role}-${this.spawned++}`;
      const app = await AppProcess.start(name, `${service.name}/${role}`, {
        ...this.landscapeSystem.env(service),
        LOG_LEVEL: 'warn',
      });
      this.started.push(app);
      try {
        await app.ready(READY_TIMEOUT_MS);
        return app;
      } catch (error) {
        app.signal('SIGKILL');
        await app.exited;
        if (attempt >= 3) throw error;
      }
    }
  }

  /** Returns the running, ready processes of a service's role that no fault holds. */
  available(service: ServiceDefinition, role: Role): Slot[] {
    return this.slots.filter(
      (slot) => slot.service === service && slot.role === role && slot.app.running && !slot.busy,
    );
  }

  /** Returns the base URLs of a service's API processes that run. */
  apiUrls(service: ServiceDefinition): string[] {
    return this.slots
      .filter((slot) => slot.service === service && slot.role === 'api' && slot.app.running)
      .map((slot) => slot.app.url);
  }

  /** Starts a process for every slot whose process died (a fault that could not restart it). */
  async revive(): Promise<void> {
    await Promise.all(
      this.slots
        .filter((slot) => !slot.app.running)
        .map(async (slot) => (slot.app = await this.spawn(slot.service, slot.role))),
    );
  }

  /** Writes the tail of each process's output to `dir`, one file per process. */
  async writeLogs(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const app of this.started)
      await writeFile(join(dir, `${app.name}.log`), app.output.slice(-LOG_TAIL_CHARS));
  }

  /** Kills every process, the broker and PostgreSQL, and deletes their data. */
  async tearDown(): Promise<void> {
    for (const app of this.started) app.signal('SIGCONT');
    for (const app of this.started) app.signal('SIGKILL');
    await Promise.all(this.started.map((app) => app.exited));
    await this.system?.tearDown().catch(() => undefined);
    await Promise.all([this.kafka.destroy(), this.postgres.destroy()]);
    for (const [name, value] of Object.entries(this.stackEnv ?? {})) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  private async addSlot(service: ServiceDefinition, role: Role, index: number): Promise<void> {
    const app = await this.spawn(service, role);
    this.slots.push({
      service,
      role,
      name: `${service.name}-${role}#${index + 1}`,
      app,
      busy: false,
    });
  }
}
