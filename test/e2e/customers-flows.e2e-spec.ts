import { CloudEventHeaders } from '@app/events';
import { AppProcess, kcatReadAll, waitFor } from '@app/testing';
import { CustomersSystem, http } from './customers-system';

interface Customer {
  customerId: string;
  name: string;
  email: string;
  address: { street: string; city: string; postalCode: string; country: string };
  version: number;
}

const address = { street: '1 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'be' };
const customer = (n: string) => ({ name: `Customer ${n}`, email: `${n}@example.com`, address });

describe('Customers service end to end (two API replicas, one worker, real stack)', () => {
  const system = new CustomersSystem();
  let apiA: AppProcess;
  let apiB: AppProcess;

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker();
    [apiA, apiB] = await Promise.all([system.startApi(), system.startApi()]);
  }, 120_000);
  afterAll(() => system.tearDown());

  it('answers a POST at once with 202 and a Location, and another replica waits for the outcome', async () => {
    const posted = await http('POST', `${apiA.url}/customers`, customer('ada'));
    expect(posted.status).toBe(202);
    const location = posted.headers.get('location');
    expect(location).toMatch(/^\/requests\/[0-9a-f-]{36}$/);

    const outcome = await http<{ status: string; result: Customer }>(
      'GET',
      `${apiB.url}${location}`,
      undefined,
      {
        Prefer: 'wait=10',
      },
    );
    expect(outcome.status).toBe(200);
    expect(outcome.body.status).toBe('accepted');
    expect(outcome.body.result).toMatchObject({
      name: 'Customer ada',
      email: 'ada@example.com',
      version: 1,
    });
    expect(outcome.body.result.address.country).toBe('BE');
  });

  it('creates, reads, updates with If-Match, refuses a stale version, and deletes, waiting on each', async () => {
    const created = await http<Customer>('POST', `${apiA.url}/customers`, customer('grace'), {
      Prefer: 'wait=10',
    });
    expect(created.status).toBe(201);
    const id = created.body.customerId;
    expect(created.headers.get('location')).toBe(`/customers/${id}`);
    expect(created.headers.get('etag')).toBe('"1"');

    const read = await http<Customer>('GET', `${apiB.url}/customers/${id}`);
    expect(read).toMatchObject({ status: 200, body: { email: 'grace@example.com', version: 1 } });

    const updated = await http<Customer>(
      'PATCH',
      `${apiB.url}/customers/${id}`,
      { name: 'Grace Hopper' },
      {
        'If-Match': '"1"',
        Prefer: 'wait=10',
      },
    );
    expect(updated).toMatchObject({ status: 200, body: { name: 'Grace Hopper', version: 2 } });
    expect(updated.headers.get('etag')).toBe('"2"');

    const stale = await http(
      'PATCH',
      `${apiA.url}/customers/${id}`,
      { name: 'Lost update' },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(412);

    const deleted = await http('DELETE', `${apiA.url}/customers/${id}`, undefined, {
      Prefer: 'wait=10',
    });
    expect(deleted.status).toBe(204);
    expect((await http('GET', `${apiB.url}/customers/${id}`)).status).toBe(404);
    expect((await http('DELETE', `${apiB.url}/customers/${id}`)).status).toBe(404);
  });

  it('rejects a request the worker refuses, with the reason, and publishes the rejection', async () => {
    expect(
      (await http('POST', `${apiA.url}/customers`, customer('taken'), { Prefer: 'wait=10' }))
        .status,
    ).toBe(201);
    const refused = await http<{
      status: string;
      code: string;
      reason: string;
      trackingId: string;
    }>(
      'POST',
      `${apiB.url}/customers`,
      { ...customer('taken'), name: 'Someone else' },
      { Prefer: 'wait=10' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ status: 'rejected', code: 'email-taken' });
    expect(refused.body.reason).toContain('taken@example.com');

    const rejections = await waitFor(
      async () =>
        (await kcatReadAll(system.topics.events)).filter(
          (r) => r.headers[CloudEventHeaders.trackingId] === refused.body.trackingId,
        ),
      (found) => found.length > 0,
      { what: 'the rejection event' },
    );
    expect(rejections[0].headers[CloudEventHeaders.type]).toBe('customers.request-rejected');
    // The request named the flow; the answer carries it, with the command that caused it.
    expect(rejections[0].headers[CloudEventHeaders.correlationId]).toBe(refused.body.trackingId);
    expect(rejections[0].headers[CloudEventHeaders.causationId]).toBeDefined();
    expect(JSON.parse(rejections[0].payload ?? '{}')).toMatchObject({ code: 'email-taken' });
  });

  it('runs a repeated Idempotency-Key once and answers every repeat, concurrent ones too, with the same outcome', async () => {
    const headers = { 'Idempotency-Key': 'order-42-signup', Prefer: 'wait=10' };
    const replies = await Promise.all(
      [apiA, apiB, apiA, apiB, apiA].map((api) =>
        http<Customer>('POST', `${api.url}/customers`, customer('idem'), headers),
      ),
    );
    for (const reply of replies) expect(reply.status).toBe(201);
    expect(new Set(replies.map((reply) => JSON.stringify(reply.body))).size).toBe(1);
    const later = await http<Customer>('POST', `${apiB.url}/customers`, customer('idem'), headers);
    expect(later.body).toEqual(replies[0].body);

    const [{ n }] = await system.db.dataSource.query(
      `SELECT count(*)::int AS n FROM customers WHERE email = 'idem@example.com'`,
    );
    expect(n).toBe(1);
    const [{ outcomes }] = await system.db.dataSource.query(
      `SELECT count(*)::int AS outcomes FROM request_outcomes WHERE tracking_id = 'order-42-signup'`,
    );
    expect(outcomes).toBe(1);
  });

  it('answers 400 with field-level errors for bad input, and never publishes it', async () => {
    const bad = await http<{ errors: { field: string; message: string }[] }>(
      'POST',
      `${apiA.url}/customers`,
      {
        name: '',
        email: 'not-an-email',
        address: { city: 'Nowhere' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(
      ['address.country', 'address.postalCode', 'address.street', 'email', 'name'].sort(),
    );
    expect((await http('GET', `${apiA.url}/customers/not-a-uuid`)).status).toBe(400);
    expect(
      (await http('PATCH', `${apiA.url}/customers/00000000-0000-4000-8000-000000000000`, {}))
        .status,
    ).toBe(400);
    expect(
      (
        await http('POST', `${apiA.url}/customers`, customer('k'), {
          'Idempotency-Key': 'has space',
        })
      ).status,
    ).toBe(400);
  });

  it('lists customers with filters and cursor pagination', async () => {
    for (const n of ['list-1', 'list-2', 'list-3']) {
      await http(
        'POST',
        `${apiA.url}/customers`,
        { ...customer(n), address: { ...address, country: 'nl' } },
        { Prefer: 'wait=10' },
      );
    }
    const first = await http<{ items: Customer[]; nextCursor: string }>(
      'GET',
      `${apiB.url}/customers?country=NL&limit=2`,
    );
    expect(first.body.items.map((c) => c.email)).toEqual([
      'list-1@example.com',
      'list-2@example.com',
    ]);
    const second = await http<{ items: Customer[]; nextCursor: string | null }>(
      'GET',
      `${apiB.url}/customers?country=NL&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((c) => c.email)).toEqual(['list-3@example.com']);
    expect(second.body.nextCursor).toBeNull();
    const byEmail = await http<{ items: Customer[] }>(
      'GET',
      `${apiA.url}/customers?email=LIST-2@example.com`,
    );
    expect(byEmail.body.items).toHaveLength(1);
  });

  it('publishes customer events that kcat reads: CloudEvents headers, tracking id, state and version', async () => {
    const created = await http<Customer>('POST', `${apiA.url}/customers`, customer('kcat'), {
      'Idempotency-Key': 'kcat-visible',
      Prefer: 'wait=10',
    });
    const records = await waitFor(
      async () =>
        (await kcatReadAll(system.topics.events)).filter((r) => r.key === created.body.customerId),
      (found) => found.length > 0,
      { what: 'the customer-created event' },
    );
    expect(records[0].headers).toMatchObject({
      [CloudEventHeaders.specVersion]: '1.0',
      [CloudEventHeaders.type]: 'customers.customer-created',
      [CloudEventHeaders.source]: 'customers-worker',
      [CloudEventHeaders.trackingId]: 'kcat-visible',
      [CloudEventHeaders.contentType]: 'application/json',
    });
    expect(records[0].headers[CloudEventHeaders.id]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(records[0].payload ?? '{}')).toEqual(created.body);
  });

  it('serves its OpenAPI JSON document at /docs-json and Swagger UI at /docs', async () => {
    const docs = await http<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      `${apiA.url}/docs-json`,
    );
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^application\/json/);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/customers', '/customers/{id}', '/requests/{trackingId}']),
    );
    const ui = await fetch(`${apiA.url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await ui.text()).toContain('swagger-ui');
  });
});
