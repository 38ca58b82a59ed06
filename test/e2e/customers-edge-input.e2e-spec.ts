import { CloudEventHeaders, DeadLetterHeaders, deadLetterTopicOf } from '@app/events';
import { deadLetterEntry } from '@app/kafka';
import { AppProcess, kcatProduce, kcatReadAll, waitFor } from '@app/testing';
import { CustomersSystem, http } from './customers-system';

interface FieldErrors {
  message: string;
  errors: { field: string; message: string }[];
}

const address = { street: '1 Rue Neuve', city: 'Brussels', postalCode: '1000', country: 'BE' };

/** The base64url cursor a forger would send: the right shape, with values of their choosing. */
function forgedCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('Customers API refuses bad client input at the edge (real stack)', () => {
  const system = new CustomersSystem();
  let api: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    await system.setUp();
    worker = await system.startWorker();
    api = await system.startApi();
  }, 120_000);
  afterAll(() => system.tearDown());

  it.each([
    ['a date that is not one', { createdAt: 'not a date', customerId: crypto.randomUUID() }],
    ['an id that is not a UUID', { createdAt: new Date().toISOString(), customerId: "1' OR 1=1" }],
    ['fields of the wrong type', { createdAt: 17, customerId: null }],
  ])('answers 400, not 500, to a forged cursor with %s', async (_, cursor) => {
    const reply = await http<{ message: string }>(
      'GET',
      `${api.url}/customers?cursor=${forgedCursor(cursor)}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/cursor/);
  });

  it('still pages with the cursors it returns', async () => {
    for (const n of [1, 2, 3]) {
      const created = await http(
        'POST',
        `${api.url}/customers`,
        { name: `Pager ${n}`, email: `pager-${n}@example.com`, address },
        { Prefer: 'wait=10' },
      );
      expect(created.status).toBe(201);
    }
    const first = await http<{ items: unknown[]; nextCursor: string }>(
      'GET',
      `${api.url}/customers?name=Pager&limit=2`,
    );
    expect(first.body.items).toHaveLength(2);
    const second = await http<{ items: { name: string }[]; nextCursor: null }>(
      'GET',
      `${api.url}/customers?name=Pager&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.items.map((c) => c.name)).toEqual(['Pager 3']);
  });

  it.each(['%00', 'a%00b', '%C3%28', 'x'.repeat(201)])(
    'answers 400 to the tracking id %p that no request can have',
    async (id) => {
      const reply = await http<FieldErrors>('GET', `${api.url}/requests/${id}`);
      expect(reply.status).toBe(400);
    },
  );

  it.each([
    ['name', { name: 'Ada\u0000Lovelace', email: 'nul@example.com', address }],
    [
      'address.city',
      { name: 'Ada', email: 'surrogate@example.com', address: { ...address, city: 'Brus\uD800' } },
    ],
    [
      'address.street',
      { name: 'Ada', email: 'nul-street@example.com', address: { ...address, street: '\u0000' } },
    ],
  ])('refuses text the database cannot store in %s with a 400 naming it', async (field, body) => {
    const reply = await http<FieldErrors>('POST', `${api.url}/customers`, body, {
      Prefer: 'wait=10',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toContainEqual({
      field,
      message: 'must not contain NUL characters or unpaired UTF-16 surrogates',
    });
  });

  it('refuses NUL in a list filter with a 400 naming it', async () => {
    const reply = await http<FieldErrors>('GET', `${api.url}/customers?name=a%00b`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e) => e.field)).toEqual(['name']);
  });

  it('refuses unknown fields in a create, at any depth, naming each, as an update does', async () => {
    const body = {
      name: 'Mallory',
      email: 'mallory@example.com',
      address: { ...address, floor: 3 },
      isAdmin: true,
      customerId: crypto.randomUUID(),
      version: 7,
    };
    const created = await http<FieldErrors>('POST', `${api.url}/customers`, body);
    expect(created.status).toBe(400);
    expect(created.body.errors.map((e) => e.field).sort()).toEqual([
      'address.floor',
      'customerId',
      'isAdmin',
      'version',
    ]);

    const id = crypto.randomUUID();
    const updated = await http<FieldErrors>('PATCH', `${api.url}/customers/${id}`, {
      name: 'Mallory',
      isAdmin: true,
    });
    expect(updated.status).toBe(400);
    expect(updated.body.errors.map((e) => e.field)).toEqual(['isAdmin']);
  });

  it('dead-letters a command written with NUL in a name as a schema violation, answering without a database message', async () => {
    const trackingId = `nul-${crypto.randomUUID()}`;
    const customerId = crypto.randomUUID();
    await kcatProduce(system.topics.commands, {
      key: customerId,
      value: JSON.stringify({
        customerId,
        name: 'Ada\u0000',
        email: 'kcat-nul@example.com',
        address,
      }),
      headers: {
        [CloudEventHeaders.specVersion]: '1.0',
        [CloudEventHeaders.id]: trackingId,
        [CloudEventHeaders.source]: 'kcat',
        [CloudEventHeaders.type]: 'customers.create-customer',
        [CloudEventHeaders.time]: new Date().toISOString(),
        [CloudEventHeaders.contentType]: 'application/json',
        [CloudEventHeaders.trackingId]: trackingId,
      },
    });

    const outcome = await http<{ status: string; reasonCode: string; reason: string }>(
      'GET',
      `${api.url}/requests/${trackingId}`,
      undefined,
      { Prefer: 'wait=20' },
    );
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ status: 'rejected', reasonCode: 'schema-violation' });
    expect(outcome.body.reason).not.toMatch(/byte sequence|UTF8|0x00/);

    const dead = await waitFor(
      () => kcatReadAll(deadLetterTopicOf(system.topics.commands)),
      (records) => records.some((r) => r.headers[CloudEventHeaders.id] === trackingId),
      { what: 'the dead letter of the NUL command' },
    );
    const letter = dead.find((r) => r.headers[CloudEventHeaders.id] === trackingId);
    expect(letter?.headers[DeadLetterHeaders.errorCode]).toBe('schema-violation');
    expect(letter?.headers[DeadLetterHeaders.attempts]).toBe('1');

    // The operator goes from the metric's fingerprint to `npm run dlq -- show --fingerprint`.
    const fingerprint = letter?.headers[DeadLetterHeaders.fingerprint];
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(
      letter &&
        deadLetterEntry({ ...letter, offset: BigInt(letter.offset), key: null, value: null })
          .fingerprint,
    ).toBe(fingerprint);
    const series = `dead_letter_events_by_fingerprint_total{topic="${system.topics.commands}",fingerprint="${fingerprint}"} 1`;
    const metrics = await waitFor(
      async () => (await fetch(`${worker.url}/metrics`)).text(),
      (text) => text.includes(series),
      { what: 'the dead letter counted by its fingerprint' },
    );
    expect(metrics).toContain(series);
    expect(metrics).toContain(`dead_letter_events_total{topic="${system.topics.commands}"} 1`);
  });
});
