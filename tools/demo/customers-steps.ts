import { address, call, expectStatus, step } from './demo-http';

/** The customers the later steps build on. */
export interface DemoCustomers {
  /** Ada, renamed in step 5, never deleted. */
  readonly ada: string;
  /** Alan, created with an Idempotency-Key. */
  readonly alan: string;
}

/**
 * The customers service alone, through two API replicas: answers at once and by waiting,
 * refusals, idempotency, optimistic concurrency, reads, deletes, bad input.
 */
export async function customersSteps(
  apiA: string,
  apiB: string,
  run: string,
): Promise<DemoCustomers> {
  step(
    '1. Create a customer without waiting: 202 and a tracking id; the outcome is read from the OTHER replica',
  );
  const ada = {
    name: 'Ada Lovelace',
    email: `ada.${run}@example.com`,
    address: address('Brussels'),
  };
  const accepted = await call('POST', `${apiA}/customers`, ada);
  expectStatus(accepted, 202);
  const location = accepted.headers.get('location') ?? '';
  const outcome = await call('GET', `${apiB}${location}`, undefined, { Prefer: 'wait=10' });
  expectStatus(outcome, 200);
  const adaState = (outcome.body as { result: { customerId: string; version: number } }).result;

  step('2. Create a customer and wait for the outcome (Prefer: wait): 201 with the customer');
  const grace = {
    name: 'Grace Hopper',
    email: `grace.${run}@example.com`,
    address: address('Ghent'),
  };
  const created = await call('POST', `${apiB}/customers`, grace, { Prefer: 'wait=10' });
  expectStatus(created, 201);
  const graceId = (created.body as { customerId: string }).customerId;

  step('3. A request the worker rejects: the email is taken (409, with the reason)');
  expectStatus(
    await call('POST', `${apiA}/customers`, { ...grace, name: 'Impostor' }, { Prefer: 'wait=10' }),
    409,
  );

  step('4. The same Idempotency-Key twice: one customer, the same outcome both times');
  const key = `demo-${run}`;
  const alan = { name: 'Alan Turing', email: `alan.${run}@example.com`, address: address('Liege') };
  const first = await call('POST', `${apiA}/customers`, alan, {
    'Idempotency-Key': key,
    Prefer: 'wait=10',
  });
  const again = await call('POST', `${apiB}/customers`, alan, {
    'Idempotency-Key': key,
    Prefer: 'wait=10',
  });
  expectStatus(first, 201);
  expectStatus(again, 201);
  if (JSON.stringify(first.body) !== JSON.stringify(again.body))
    throw new Error('the two outcomes differ');

  step('5. Update with If-Match (optimistic concurrency), then a stale If-Match (412)');
  const etag = `"${adaState.version}"`;
  expectStatus(
    await call(
      'PATCH',
      `${apiA}/customers/${adaState.customerId}`,
      { name: 'Augusta Ada King' },
      { 'If-Match': etag, Prefer: 'wait=10' },
    ),
    200,
  );
  expectStatus(
    await call(
      'PATCH',
      `${apiB}/customers/${adaState.customerId}`,
      { name: 'Too late' },
      { 'If-Match': etag },
    ),
    412,
  );

  step('6. Read the materialized view');
  await call('GET', `${apiB}/customers/${adaState.customerId}`);
  await call('GET', `${apiA}/customers?country=BE&limit=2`);

  step('7. Delete, then read it back (404)');
  expectStatus(
    await call('DELETE', `${apiA}/customers/${graceId}`, undefined, { Prefer: 'wait=10' }),
    204,
  );
  expectStatus(await call('GET', `${apiB}/customers/${graceId}`), 404);

  step('8. Bad input is refused at the door with field-level errors (400)');
  expectStatus(
    await call('POST', `${apiA}/customers`, { name: '', email: 'not-an-email', address: {} }),
    400,
  );

  return {
    ada: adaState.customerId,
    alan: (first.body as { customerId: string }).customerId,
  };
}
