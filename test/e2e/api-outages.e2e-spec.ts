import { customersService } from '@app/customers';
import { AppProcess, ThrowawayKafka, ThrowawayPostgres, waitFor } from '@app/testing';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';

const address = { street: '1 Main', city: 'Antwerp', postalCode: '2000', country: 'BE' };

/** The API's log lines at a level, parsed. */
function linesAt(app: AppProcess, level: string): { message: string }[] {
  return app.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; message: string })
    .filter((line) => line.level === level);
}

/**
 * What a client sees while a dependency of the API is down: a 503 with `Retry-After` (a careful
 * client tries again), not a 500; and what an operator sees: one warning per outage, no error.
 */
describe('The customers API while PostgreSQL or the broker is down (child processes, own Kafka and PostgreSQL)', () => {
  const kafka = new ThrowawayKafka();
  const postgres = new ThrowawayPostgres();
  const saved = { brokers: process.env.KAFKA_BROKERS, url: process.env.DATABASE_URL };
  let system: LandscapeSystem;
  let api: AppProcess;

  beforeAll(async () => {
    await Promise.all([kafka.start(), postgres.start()]);
    process.env.KAFKA_BROKERS = kafka.broker;
    process.env.DATABASE_URL = postgres.url;
    system = new LandscapeSystem([customersService]);
    await system.setUp();
    await system.startWorker(customersService);
    api = await system.startApi(customersService);
  }, 180_000);

  afterAll(async () => {
    await system?.tearDown().catch(() => undefined);
    await Promise.all([kafka.destroy(), postgres.destroy()]);
    process.env.KAFKA_BROKERS = saved.brokers;
    process.env.DATABASE_URL = saved.url;
  });

  it('answers reads 503 with Retry-After while PostgreSQL is stopped, warns once, and serves again once it is back', async () => {
    const created = await http<{ customerId: string }>(
      'POST',
      `${api.url}/customers`,
      { name: 'Outage', email: 'outage@example.com', address },
      { Prefer: 'wait=20' },
    );
    expect(created.status).toBe(201);
    const path = `${api.url}/customers/${created.body.customerId}`;

    await postgres.stop('fast');
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await http<{ message: string }>('GET', path));
    await postgres.start();

    for (const reply of replies) {
      expect(reply.status).toBe(503);
      expect(reply.headers.get('retry-after')).toBe('1');
      expect(reply.body.message).toMatch(/database is unavailable/);
    }
    const back = await waitFor(
      () => http('GET', path),
      (reply) => reply.status === 200,
      { timeoutMs: 30_000, what: 'the customer readable again' },
    );
    expect(back.status).toBe(200);
    expect(linesAt(api, 'error')).toEqual([]);
    expect(
      linesAt(api, 'warn').filter((line) => line.message.includes('database is unavailable')),
    ).toHaveLength(1);
  }, 120_000);

  it('answers a command 503 with Retry-After while the broker is down, and takes it, once, when sent again with its key', async () => {
    const body = { name: 'Broker', email: 'broker-outage@example.com', address };
    const headers = { 'Idempotency-Key': 'broker-outage-1', Prefer: 'wait=20' };

    await kafka.kill();
    const refused = await http<{ message: string }>('POST', `${api.url}/customers`, body, headers);
    await kafka.start();

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.message).toMatch(/broker is unavailable/);
    const taken = await waitFor(
      () => http<{ email: string }>('POST', `${api.url}/customers`, body, headers),
      (reply) => reply.status === 201,
      { timeoutMs: 90_000, intervalMs: 1_000, what: 'the command taken once the broker is back' },
    );
    expect(taken.body.email).toBe(body.email);
    const [{ n }] = await system
      .db(customersService)
      .dataSource.query(`SELECT count(*)::int AS n FROM customers WHERE email = $1`, [body.email]);
    expect(n).toBe(1);
    expect(linesAt(api, 'error')).toEqual([]);
  }, 180_000);
});
