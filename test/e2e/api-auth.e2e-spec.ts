import { AppProcess, kcatReadAll, TokenIssuer, waitFor } from '@app/testing';
import { CustomersSystem, http, HttpReply } from './customers-system';

const AUDIENCE = 'customers-api';
/** A back office's scopes: reading, writing, and every customer's resources (`customers:any`). */
const READ = ['customers:read', 'customers:any'];
const WRITE = [...READ, 'customers:write'];

/**
 * The customers API with authentication on, against real tokens: keys the test owns, served by
 * a real JWKS endpoint, signed as an issuer signs them; plus the rate limit and the bound on
 * held `Prefer: wait` requests.
 */
describe('API authentication, scopes and limits (real processes, real JWKS)', () => {
  const system = new CustomersSystem();
  const issuer = new TokenIssuer();
  let api: AppProcess;
  let run = 0;

  const jwtEnv = (extra: Record<string, string> = {}) => ({
    AUTH_MODE: 'jwt',
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS_URL: issuer.jwksUrl,
    ...extra,
  });

  const customer = () => ({
    name: 'Ada',
    email: `ada.${Date.now()}.${run++}@example.com`,
    address: { street: '1 Main St', city: 'Ghent', postalCode: '9000', country: 'BE' },
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  function expectRefused(reply: HttpReply, status: number, message: RegExp): void {
    expect({ status: reply.status, message: (reply.body as { message?: string }).message }).toEqual(
      {
        status,
        message: expect.stringMatching(message),
      },
    );
  }

  beforeAll(async () => {
    await issuer.start();
    await system.setUp();
    await system.startWorker();
    api = await system.startApi(jwtEnv());
  });
  afterAll(async () => {
    await system.tearDown();
    await issuer.stop();
  });

  it('takes a write with a valid token holding the write scope', async () => {
    const token = issuer.token('user-1', WRITE, AUDIENCE);
    const reply = await http('POST', `${api.url}/customers`, customer(), {
      ...bearer(token),
      prefer: 'wait=10',
    });
    expect(reply.status).toBe(201);
    const read = await http(
      'GET',
      `${api.url}/customers/${(reply.body as { customerId: string }).customerId}`,
      undefined,
      bearer(issuer.token('user-2', READ, AUDIENCE)),
    );
    expect(read.status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate when the token is missing or not a bearer token', async () => {
    const missing = await http('GET', `${api.url}/customers`);
    expectRefused(missing, 401, /needs a bearer token/);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="customers-api"');
    expectRefused(
      await http('GET', `${api.url}/customers`, undefined, { authorization: 'Basic dXNlcjpwYXNz' }),
      401,
      /not a bearer token/,
    );
    // The outcome of a request is not public either.
    expectRefused(await http('GET', `${api.url}/requests/abc`), 401, /needs a bearer token/);
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 3600 }, {}, /expired/],
    ['for another audience', { aud: 'orders-api' }, {}, /aud claim/],
    ['from another issuer', { iss: 'https://evil.test/' }, {}, /iss claim/],
    ['without a subject', { sub: undefined }, {}, /sub claim/],
    [
      'signed by a key the issuer does not publish',
      {},
      { key: TokenIssuer.newKey() },
      /signing key/,
    ],
    ['unsigned (alg: none)', {}, { unsigned: true }, /algorithm|malformed/],
  ])('refuses a token %s with 401 invalid_token', async (_case, claims, options, reason) => {
    const token = issuer.token('user-1', WRITE, AUDIENCE, claims, options);
    const reply = await http('GET', `${api.url}/customers`, undefined, bearer(token));
    expectRefused(reply, 401, reason);
    expect(reply.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a token whose signature was tampered with', async () => {
    const [header, payload, signature] = issuer.token('user-1', READ, AUDIENCE).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: WRITE.join(' ') })).toString(
      'base64url',
    );
    const reply = await http(
      'POST',
      `${api.url}/customers`,
      customer(),
      bearer(`${header}.${forged}.${signature}`),
    );
    expectRefused(reply, 401, /signature/);
  });

  it('answers 403 naming the missing scope, and never logs the token', async () => {
    const token = issuer.token('reader-7', READ, AUDIENCE);
    const reply = await http('POST', `${api.url}/customers`, customer(), bearer(token));
    expectRefused(reply, 403, /customers:write/);
    expect(reply.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    await waitFor(
      () => Promise.resolve(api.output),
      (output) => output.includes('Refused reader-7'),
      { timeoutMs: 5_000, what: 'the refusal in the log' },
    );
    expect(api.output).not.toContain(token);
    expect(api.output).not.toContain(token.split('.')[2]);
  });

  it('leaves health and metrics open to probes and scrapers', async () => {
    expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(200);
  });

  it('takes tokens signed with a key the issuer rotated in, without a restart', async () => {
    // The verifier refetches the key set for an unknown key id at most every 5 s.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    issuer.rotate();
    const token = issuer.token('user-1', READ, AUDIENCE);
    expect((await http('GET', `${api.url}/customers`, undefined, bearer(token))).status).toBe(200);
  });

  it('answers 503 with Retry-After, not 401, when the issuer keys cannot be read', async () => {
    const cut = await system.startApi(jwtEnv({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }));
    const reply = await http(
      'GET',
      `${cut.url}/customers`,
      undefined,
      bearer(issuer.token('user-1', READ, AUDIENCE)),
    );
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('5');
  });

  it('refuses to start in JWT mode without an issuer, naming the variable', async () => {
    const app = await AppProcess.start('api-no-issuer', 'customers/api', {
      ...jwtEnv(),
      AUTH_ISSUER: '',
      KAFKA_BROKERS: '127.0.0.1:9092',
      DATABASE_URL: 'postgresql://app:app@127.0.0.1:5433/app',
    });
    expect((await app.exited).code).toBe(1);
    expect(app.output).toContain('AUTH_ISSUER is required when AUTH_MODE is jwt');
  });

  it('limits requests per caller: 429 with Retry-After past the limit, others unaffected', async () => {
    const limited = await system.startApi(jwtEnv({ RATE_LIMIT_PER_MINUTE: '3' }));
    const busy = bearer(issuer.token('busy-caller', READ, AUDIENCE));
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await http('GET', `${limited.url}/customers`, undefined, busy)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await http('GET', `${limited.url}/customers`, undefined, busy);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = bearer(issuer.token('calm-caller', READ, AUDIENCE));
    expect((await http('GET', `${limited.url}/customers`, undefined, other)).status).toBe(200);
    // Probes are never limited.
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${limited.url}/health/live`)).status).toBe(200);
  });

  it('answers 503 with Retry-After past the bound on held Prefer: wait requests, sending nothing', async () => {
    await system.stopWorkers(); // no outcome comes: a wait holds its slot for its whole length
    const bounded = await system.startApi({ PREFER_WAIT_MAX_CONCURRENT: '1' });
    const sentBefore = (await kcatReadAll(system.topics.commands)).length;
    const held = http('POST', `${bounded.url}/customers`, customer(), { prefer: 'wait=4' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refusedCustomer = customer();
    const second = await http('POST', `${bounded.url}/customers`, refusedCustomer, {
      prefer: 'wait=4',
    });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await held).status).toBe(202); // the held one ran out of time, still accepted
    // Without waiting, the same replica takes the write at once.
    expect((await http('POST', `${bounded.url}/customers`, customer())).status).toBe(202);
    const sent = (await kcatReadAll(system.topics.commands)).slice(sentBefore);
    expect(sent).toHaveLength(2);
    expect(sent.map((record) => record.payload).join()).not.toContain(refusedCustomer.email);
  });
});
