import { Global, INestApplication, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DatabaseConnection } from './database.health';
import { HealthModule } from './health.module';
import { ReadinessIndicator, ReadinessStatus } from './readiness-indicator';
import { ShutdownState } from './shutdown-state.service';

/** A DataSource stand-in whose ping the test turns up or down. */
class FakeDataSource implements DatabaseConnection {
  reachable = true;

  async query(): Promise<unknown> {
    if (!this.reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5433');
    return [{ '?column?': 1 }];
  }
}

/** A readiness indicator whose status the test sets. */
class FakeIndicator implements ReadinessIndicator {
  status: ReadinessStatus = { up: true };
  calls = 0;

  constructor(readonly name: string) {}

  async check(): Promise<ReadinessStatus> {
    this.calls += 1;
    return this.status;
  }
}

const database = new FakeDataSource();
const producer = new FakeIndicator('producer');

/** Stands in for TypeOrmCoreModule, which provides the DataSource globally. */
@Global()
@Module({
  providers: [{ provide: getDataSourceToken(), useValue: database }],
  exports: [getDataSourceToken()],
})
class FakeTypeOrmModule {}

/** An indicator instantiated inside the health module, with a dependency on a global provider. */
@Injectable()
class MembershipIndicator implements ReadinessIndicator {
  readonly name = 'consumer';
  static up = true;

  async check(): Promise<ReadinessStatus> {
    return MembershipIndicator.up
      ? { up: true, details: { assigned: 12 } }
      : { up: false, details: { status: 'x', joined: false } };
  }
}

const PRODUCER = Symbol('PRODUCER');

async function startApp(drainMs = 0): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      FakeTypeOrmModule,
      HealthModule.forRoot({
        drainMs,
        checkTimeoutMs: 200,
        providers: [{ provide: PRODUCER, useValue: producer }, MembershipIndicator],
        readinessIndicators: [PRODUCER, MembershipIndicator],
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe(HealthModule, () => {
  beforeEach(() => {
    database.reachable = true;
    producer.status = { up: true };
    producer.calls = 0;
    MembershipIndicator.up = true;
  });

  describe('forRoot', () => {
    let app: INestApplication;
    let url: string;

    beforeAll(async () => ({ app, url } = await startApp()));
    afterAll(() => app.close());

    it('answers 200 on /health/ready with terminus’s body when every indicator is up', async () => {
      await expect(get(`${url}/health/ready`)).resolves.toEqual({
        status: 200,
        body: {
          status: 'ok',
          info: {
            database: { status: 'up' },
            producer: { status: 'up' },
            consumer: { status: 'up', assigned: 12 },
          },
          error: {},
          details: {
            database: { status: 'up' },
            producer: { status: 'up' },
            consumer: { status: 'up', assigned: 12 },
          },
        },
      });
    });

    it('answers 503 naming the database when the ping fails', async () => {
      database.reachable = false;
      const { status, body } = await get(`${url}/health/ready`);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5433' } },
        info: { producer: { status: 'up' } },
      });
    });

    it('answers 503 naming the app’s indicator when it is down, without its reserved status detail', async () => {
      MembershipIndicator.up = false;
      const { status, body } = await get(`${url}/health/ready`);
      expect(status).toBe(503);
      expect(body).toMatchObject({
        status: 'error',
        error: { consumer: { status: 'down', joined: false } },
      });
    });

    it('counts an indicator that outlives the check timeout as down', async () => {
      const started = Date.now();
      producer.check = () => new Promise(() => undefined);
      try {
        const { status, body } = await get(`${url}/health/ready`);
        expect(status).toBe(503);
        expect(body).toMatchObject({
          error: { producer: { status: 'down', message: expect.stringContaining('200 ms') } },
        });
        expect(Date.now() - started).toBeLessThan(1_000);
      } finally {
        producer.check = FakeIndicator.prototype.check;
      }
    });

    it('answers 200 on /health/live even when every dependency is down', async () => {
      database.reachable = false;
      producer.status = { up: false };
      await expect(get(`${url}/health/live`)).resolves.toEqual({
        status: 200,
        body: { status: 'ok', info: {}, error: {}, details: {} },
      });
      expect(producer.calls).toBe(0);
    });
  });

  describe('shutdown', () => {
    it('answers 503 on /health/ready during the drain, running no indicator, while /health/live stays 200', async () => {
      const { app, url } = await startApp(400);
      const closing = app.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        expect(app.get(ShutdownState).isShuttingDown()).toBe(true);
        await expect(get(`${url}/health/ready`)).resolves.toEqual({
          status: 503,
          body: {
            status: 'shutting_down',
            info: {},
            error: { shutdown: { status: 'down', message: 'Shutting down' } },
            details: { shutdown: { status: 'down', message: 'Shutting down' } },
          },
        });
        await expect(get(`${url}/health/live`)).resolves.toMatchObject({ status: 200 });
        expect(producer.calls).toBe(0);
      } finally {
        await closing;
      }
    });
  });

  describe('options', () => {
    it('fails at bootstrap when drainMs is negative', async () => {
      const compiling = Test.createTestingModule({
        imports: [FakeTypeOrmModule, HealthModule.forRoot({ drainMs: -1 })],
      }).compile();
      await expect(compiling).rejects.toThrow(/drainMs must be a whole number/);
    });

    it('fails at bootstrap when an app indicator reuses the database’s name', async () => {
      const compiling = Test.createTestingModule({
        imports: [
          FakeTypeOrmModule,
          HealthModule.forRoot({
            providers: [{ provide: PRODUCER, useValue: new FakeIndicator('database') }],
            readinessIndicators: [PRODUCER],
          }),
        ],
      }).compile();
      await expect(compiling).rejects.toThrow(/Two readiness indicators are named 'database'/);
    });

    it('pings the DataSource behind a custom token when one is given', async () => {
      const DB = Symbol('DB');
      const other = new FakeDataSource();
      other.reachable = false;
      const moduleRef = await Test.createTestingModule({
        imports: [
          HealthModule.forRoot({ dataSource: DB, providers: [{ provide: DB, useValue: other }] }),
        ],
      }).compile();
      const app = moduleRef.createNestApplication({ logger: false });
      await app.listen(0, '127.0.0.1');
      try {
        await expect(get(`${await app.getUrl()}/health/ready`)).resolves.toMatchObject({
          status: 503,
          body: { error: { database: { status: 'down' } } },
        });
      } finally {
        await app.close();
      }
    });
  });
});
