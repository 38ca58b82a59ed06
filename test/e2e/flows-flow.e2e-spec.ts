import { flowsService } from '@app/flows';
import { CloudEventHeaders, FlowCreated } from '@app/events';
import { AppProcess, kcatReadAll, waitFor } from '@app/testing';
import { LandscapeSystem } from './landscape-system';

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** The flows service on the real stack: a command through its API and worker, its fact, its view. */
describe('flows: create a flow and read it back (real Kafka and PostgreSQL)', () => {
  const system = new LandscapeSystem([flowsService]);
  let api: AppProcess;

  beforeAll(async () => {
    await system.setUp();
    await system.startWorker(flowsService);
    api = await system.startApi(flowsService);
  });
  afterAll(() => system.tearDown());

  async function http(path: string, init: RequestInit = {}): Promise<Reply> {
    const response = await fetch(`${api.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  function create(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return http('/flows', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { prefer: 'wait=10', ...headers },
    });
  }

  it('creates a flow when asked to wait, reads it back and publishes the fact', async () => {
    const created = await create({ name: 'First' });
    expect(created).toEqual({
      status: 201,
      body: { flowId: expect.any(String), name: 'First', version: 1 },
    });
    const { flowId } = created.body as { flowId: string };
    expect(await http(`/flows/${flowId}`)).toEqual({ status: 200, body: created.body });

    const facts = await waitFor(
      () => kcatReadAll(system.topicsOf(flowsService).events),
      (records) => records.some((r) => r.key === flowId),
      { what: 'the flow-created fact' },
    );
    const fact = facts.find((r) => r.key === flowId);
    expect(fact?.headers[CloudEventHeaders.type]).toBe(FlowCreated.type);
    expect(JSON.parse(fact?.payload ?? 'null')).toEqual(created.body);
  });

  it('answers a repeated Idempotency-Key with the first outcome, creating nothing twice', async () => {
    const key = `${flowsService.name}-${Date.now()}`;
    const first = await create({ name: 'Second' }, { 'idempotency-key': key });
    const again = await create({ name: 'Second' }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
  });

  it('refuses a body with an unknown field, and an unknown id', async () => {
    expect((await create({ name: 'Third', extra: true })).status).toBe(400);
    expect((await http('/flows/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
