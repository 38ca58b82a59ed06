import { AppProcess } from '@app/testing';
import fc from 'fast-check';
import { CustomersSystem } from './customers-system';

/** Text as an attacker sends it: any code unit, NUL and lone surrogates included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\u0000', '\uD800', '%', '../', 'null', '[]', '{}', ' '),
);

/** A header value fetch can send (visible ASCII and spaces); the server sees all of them. */
const headerText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode), maxLength: 60 }),
  fc.constantFrom('wait=0', 'wait=1', 'wait=-1', 'wait=abc', '"1"', 'W/"2"', '*', 'x'.repeat(300)),
);

/** A path segment: every byte of the text's UTF-8 percent-encoded, so any text can be sent. */
const segment = fc
  .oneof(fc.uuid(), anyText)
  .map((text) =>
    [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join(''),
  );

/** Bodies from valid to nonsense: JSON of every shape, near-valid customers, raw text. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.stringify(json) ?? 'null'),
  fc
    .record(
      {
        name: anyText,
        email: fc.oneof(fc.constant('fuzz@example.com'), anyText),
        address: fc.oneof(
          fc.record({ street: anyText, city: anyText, postalCode: anyText, country: anyText }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((json) => JSON.stringify(json)),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
  path: fc.oneof(
    fc.constant('/customers'),
    segment.map((id) => `/customers/${id}`),
    segment.map((id) => `/requests/${id}`),
    fc
      .dictionary(
        fc.constantFrom('email', 'name', 'country', 'limit', 'cursor', 'other'),
        fc.oneof(anyText, fc.integer().map(String)),
      )
      .map((query) => `/customers?${new URLSearchParams(query).toString()}`),
  ),
  headers: fc.record(
    {
      'content-type': fc.oneof(fc.constant('application/json'), headerText),
      prefer: headerText,
      'idempotency-key': headerText,
      'if-match': headerText,
    },
    { requiredKeys: [] },
  ),
  body: fc.option(body, { nil: undefined }),
});

describe('Customers API under arbitrary requests (real stack)', () => {
  const system = new CustomersSystem();
  let api: AppProcess;

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker();
    api = await system.startApi({ PREFER_WAIT_MAX_SECONDS: '1' });
  }, 120_000);
  afterAll(() => system.tearDown());

  it('never answers 5xx, always answers JSON, and keeps running', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ method, path, headers, body }) => {
        const response = await fetch(`${api.url}${path}`, {
          method,
          headers,
          body: method === 'GET' ? undefined : body,
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status !== 204) expect(() => JSON.parse(text)).not.toThrow();
        expect(text).not.toMatch(/invalid byte sequence|invalid input syntax|QueryFailedError/);
      }),
      { numRuns: 600 },
    );
    // The requests reached past validation too, not only its refusals.
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
    expect(api.running).toBe(true);
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
  });
});
