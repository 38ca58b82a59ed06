import { customersService } from '@app/customers';
import {
  CloudEventHeaders,
  ConsumerGroups,
  CancelOrder,
  deadLetterTopicOf,
  groupDeadLetterTopicOf,
  OrderCancelled,
  OrderCharged,
  OrderPaid,
  OrderPlaced,
  PaymentDebit,
  PlaceOrder,
  ShipmentCreated,
} from '@app/events';
import { flowsService, FlowSummaryView, FlowView } from '@app/flows';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { pricingService } from '@app/pricing';
import { shippingService } from '@app/shipping';
import {
  AppProcess,
  kcatPartitionCount,
  kcatProduce,
  kcatReadAll,
  KcatRecord,
  waitFor,
} from '@app/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';
import { customerFields, customerKnownToOrders, WAIT } from './orders-system';
import { PaymentsClient } from './payments-client';

const ITEMS = [{ sku: 'book-1', quantity: 2, unitPrice: 1250 }];
/** Short, so that a flow waiting on stopped payments workers is stuck within the test. */
const STUCK_AFTER_SECONDS = 3;

/**
 * The flows view on real processes of every service: it follows an order across orders,
 * payments and shipping hop by hop (and, for a new customer, customers too, every hop carrying
 * the caller's trace id), sees a flow stuck while payments' workers are stopped, and a flow whose
 * command was dead-lettered.
 */
describe('The flows view follows requests across the landscape (real stack)', () => {
  const services = [
    customersService,
    ordersService,
    paymentsService,
    shippingService,
    pricingService,
  ];
  const system = new LandscapeSystem([...services, flowsService]);
  const stuckAfter = { FLOWS_STUCK_AFTER_SECONDS: String(STUCK_AFTER_SECONDS) };
  let customersApi: AppProcess;
  let ordersApi: AppProcess;
  let flowsApi: AppProcess;
  let flowsWorker: AppProcess;
  let payments: PaymentsClient;

  beforeAll(async () => {
    await system.setUp();
    // The others create the topics the flows worker observes; it is ready once they exist.
    await Promise.all(services.map((service) => system.startWorker(service)));
    flowsWorker = await system.startWorker(flowsService, stuckAfter);
    let paymentsApi: AppProcess;
    [customersApi, ordersApi, paymentsApi, flowsApi] = await Promise.all([
      system.startApi(customersService),
      system.startApi(ordersService),
      system.startApi(paymentsService),
      system.startApi(flowsService, stuckAfter),
    ]);
    payments = new PaymentsClient(system, [paymentsApi]);
    await payments.openAccount('shop'); // the account orders are paid to
  }, 300_000);
  afterAll(() => system.tearDown());

  /** Creates a customer known to orders' replica, with an account holding `funds`. */
  async function customerWithAccount(name: string, funds: number): Promise<string> {
    const id = await customerKnownToOrders(system, customersApi.url, name);
    const account = (await payments.openAccount(id)).accountId;
    expect((await payments.deposit(account, funds)).status).toBe(201);
    return id;
  }

  /** Places an order without waiting; resolves with its tracking id, the flow's correlation id. */
  async function placeOrder(customerId: string): Promise<string> {
    const placed = await http<{ trackingId: string }>('POST', `${ordersApi.url}/orders`, {
      customerId,
      items: ITEMS,
    });
    expect(placed.status).toBe(202);
    return placed.body.trackingId;
  }

  function flowReaches(correlationId: string, state: string): Promise<FlowView> {
    return waitFor(
      async () => (await http<FlowView>('GET', `${flowsApi.url}/flows/${correlationId}`)).body,
      (flow) => flow?.state === state,
      { what: `flow ${correlationId} ${state}` },
    );
  }

  async function workerMetrics(): Promise<string> {
    return (await fetch(`${flowsWorker.url}/metrics`)).text();
  }

  it('shows an order from its request to its shipment: every hop in causal order, with latencies', async () => {
    const ada = await customerWithAccount('Ada', 10_000);
    const correlationId = await placeOrder(ada);

    const flow = await flowReaches(correlationId, 'completed');

    expect(flow).toMatchObject({ correlationId, flow: PlaceOrder.type });
    const types = flow.hops.map((hop) => hop.type);
    const positions = [
      PlaceOrder,
      OrderPlaced,
      PaymentDebit,
      OrderCharged,
      OrderPaid,
      ShipmentCreated,
    ].map((definition) => types.indexOf(definition.type));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(new Set(flow.hops.map((hop) => hop.service))).toEqual(
      new Set(['orders', 'payments', 'shipping']),
    );
    flow.hops.forEach((hop, i) => {
      expect(hop.sincePreviousMs).toBeGreaterThanOrEqual(0);
      expect(hop.sinceStartMs).toBeGreaterThanOrEqual(i === 0 ? 0 : flow.hops[i - 1].sinceStartMs);
      const cause = flow.hops.findIndex((other) => other.eventId === hop.causationId);
      expect(cause).toBeLessThan(i);
    });
    expect(flow.durationMs).toBe(flow.hops[flow.hops.length - 1].sinceStartMs);
    expect(await workerMetrics()).toMatch(
      /flow_duration_seconds_count\{flow="orders\.place-order",state="completed"\} [1-9]/,
    );
  });

  it("carries the caller's trace on every hop of an order for a new customer, across customers, orders, payments and shipping (read with kcat)", async () => {
    // The customer's id chosen by the client, so that payments holds her account before she exists.
    const customerId = randomUUID();
    const account = (await payments.openAccount(customerId)).accountId;
    expect((await payments.deposit(account, 10_000)).status).toBe(201);
    const traceId = randomBytes(16).toString('hex');
    const placed = await http<{ trackingId: string }>(
      'POST',
      `${ordersApi.url}/orders`,
      { newCustomer: { customerId, ...customerFields('Grace') }, items: ITEMS },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(placed.status).toBe(202);

    const flow = await flowReaches(placed.body.trackingId, 'completed');

    expect(new Set(flow.hops.map((hop) => hop.service))).toEqual(
      new Set(['customers', 'orders', 'payments', 'shipping']),
    );
    const topics = new Map<string, KcatRecord[]>();
    for (const hop of flow.hops) {
      if (!topics.has(hop.topic)) topics.set(hop.topic, await kcatReadAll(hop.topic));
      const record = topics
        .get(hop.topic)
        ?.find((r) => r.headers[CloudEventHeaders.id] === hop.eventId);
      const traceparent = record?.headers[CloudEventHeaders.traceparent] ?? '';
      expect({ hop: `${hop.service} ${hop.type}`, traceId: traceparent.split('-')[1] }).toEqual({
        hop: `${hop.service} ${hop.type}`,
        traceId,
      });
    }
  });

  it("lists a flow as stuck while payments' workers are stopped, and as completed once they are back", async () => {
    const grace = await customerWithAccount('Grace', 10_000);
    await system.stopWorkers(paymentsService);
    let resumed = false;
    try {
      const correlationId = await placeOrder(grace);

      const stuck = await waitFor(
        async () =>
          (await http<{ items: FlowSummaryView[] }>('GET', `${flowsApi.url}/flows?state=stuck`))
            .body.items,
        (items) => items.some((item) => item.correlationId === correlationId),
        { what: `flow ${correlationId} listed as stuck` },
      );
      expect(stuck.find((item) => item.correlationId === correlationId)).toMatchObject({
        flow: PlaceOrder.type,
        state: 'stuck',
      });
      expect((await flowReaches(correlationId, 'stuck')).hops.map((hop) => hop.type)).toEqual([
        PlaceOrder.type,
        OrderPlaced.type,
      ]);
      expect(await workerMetrics()).toMatch(/flows_stuck\{flow="orders\.place-order"\} 1/);

      const acknowledged = await http(
        'POST',
        `${flowsApi.url}/flows/${correlationId}/acknowledgement`,
        { note: 'payments is being restarted' },
        WAIT,
      );
      expect(acknowledged.status).toBe(200);
      expect(await flowReaches(correlationId, 'stuck')).toMatchObject({
        acknowledgement: { note: 'payments is being restarted' },
      });
      expect(await workerMetrics()).toMatch(/flows_stuck\{flow="orders\.place-order"\} 0/);

      await system.startWorker(paymentsService);
      resumed = true;
      await flowReaches(correlationId, 'completed');
    } finally {
      if (!resumed) await system.startWorker(paymentsService);
    }
  });

  it("shows an order its customer cancelled while its charge waited as cancelled, by the cancel request's fact, and keeps it so", async () => {
    const alan = await customerWithAccount('Alan', 10_000);
    await system.stopWorkers(paymentsService);
    let resumed = false;
    try {
      const [correlationId, cancelId] = [randomUUID(), randomUUID()];
      const placed = await http<{ orderId: string; status: string }>(
        'POST',
        `${ordersApi.url}/orders`,
        { customerId: alan, items: ITEMS },
        { ...WAIT, 'idempotency-key': correlationId },
      );
      expect(placed.body.status).toBe('placed');
      const cancelled = await http<{ status: string }>(
        'POST',
        `${ordersApi.url}/orders/${placed.body.orderId}/cancel`,
        {},
        { ...WAIT, 'idempotency-key': cancelId },
      );
      expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });

      const flow = await flowReaches(correlationId, 'cancelled');
      expect(flow.hops.map((hop) => [hop.type, hop.fromFlow])).toEqual([
        [PlaceOrder.type, undefined],
        [OrderPlaced.type, undefined],
        [OrderCancelled.type, cancelId],
      ]);
      expect(flow.endedAt).toBe(flow.hops[2].time);
      expect((await flowReaches(cancelId, 'completed')).flow).toBe(CancelOrder.type);
      expect(await workerMetrics()).toMatch(
        /flow_duration_seconds_count\{flow="orders\.place-order",state="cancelled"\} 1/,
      );
      const listed = await http<{ items: FlowSummaryView[] }>(
        'GET',
        `${flowsApi.url}/flows?state=cancelled`,
      );
      expect(listed.body.items.map((item) => item.correlationId)).toEqual([correlationId]);

      // Payments charges the order once back (and refunds it on its own): the flow stays cancelled.
      await system.startWorker(paymentsService);
      resumed = true;
      const charged = await waitFor(
        async () => (await http<FlowView>('GET', `${flowsApi.url}/flows/${correlationId}`)).body,
        (view) => view.hops.some((hop) => hop.type === OrderCharged.type),
        { what: `flow ${correlationId} with the late charge` },
      );
      expect(charged).toMatchObject({ state: 'cancelled', endedAt: flow.endedAt });
    } finally {
      if (!resumed) await system.startWorker(paymentsService);
    }
  });

  it('answers 404 for a flow never seen, and 400 for what cannot be a tracking id', async () => {
    const unknown = randomUUID();
    expect((await http('GET', `${flowsApi.url}/flows/${unknown}`)).status).toBe(404);
    const acknowledged = await http(
      'POST',
      `${flowsApi.url}/flows/${unknown}/acknowledgement`,
      { note: 'nothing to see' },
      WAIT,
    );
    expect(acknowledged).toMatchObject({ status: 404, body: { code: 'unknown-flow' } });
    expect((await http('GET', `${flowsApi.url}/flows/${'x'.repeat(201)}`)).status).toBe(400);
    expect((await http('GET', `${flowsApi.url}/flows?state=lost`)).status).toBe(400);
  });

  it('shows a flow whose command was dead-lettered as dead-lettered, with why', async () => {
    const correlationId = randomUUID();
    const now = new Date().toISOString();
    await kcatProduce(system.topicsOf(ordersService).commands, {
      key: correlationId,
      value: JSON.stringify({ orderId: randomUUID(), items: 'not a list' }),
      headers: {
        [CloudEventHeaders.specVersion]: '1.0',
        [CloudEventHeaders.id]: randomUUID(),
        [CloudEventHeaders.source]: 'flows-e2e',
        [CloudEventHeaders.type]: PlaceOrder.type,
        [CloudEventHeaders.time]: now,
        [CloudEventHeaders.correlationId]: correlationId,
      },
    });

    const flow = await flowReaches(correlationId, 'dead-lettered');

    expect(flow.hops).toEqual([
      expect.objectContaining({ type: PlaceOrder.type, kind: 'command' }),
      expect.objectContaining({
        type: PlaceOrder.type,
        kind: 'dead-letter',
        service: 'orders',
        deadLetter: expect.objectContaining({ code: 'schema-violation' }),
      }),
    ]);
    const listed = await http<{ items: FlowSummaryView[] }>(
      'GET',
      `${flowsApi.url}/flows?state=dead-lettered`,
    );
    expect(listed.body.items.map((item) => item.correlationId)).toContain(correlationId);
  });

  it("skips records that name no flow: bad bytes on an input topic are its owner's dead letter, never the flows worker's", async () => {
    const commands = system.topicsOf(ordersService).commands;
    const marker = `no-flow-${randomUUID()}`;
    await kcatProduce(commands, { key: marker, value: `${marker} \u0001 not an event` });

    const ownerDeadLetters = await waitFor(
      () => kcatReadAll(deadLetterTopicOf(commands)),
      (records) => records.some((record) => record.key === marker),
      { what: "the owner's dead letter of the bad bytes" },
    );
    expect(ownerDeadLetters.find((r) => r.key === marker)?.headers).not.toHaveProperty(
      CloudEventHeaders.correlationId,
    );
    // The flows worker has read past both, the record and its dead letter: each left unhandled.
    const outcomes = (text: string, topic: string) =>
      [
        ...text.matchAll(
          /^events_handled_total\{topic="([^"]*)",type="unknown",outcome="([a-z_]+)"\} (\d+)$/gm,
        ),
      ]
        .filter(([, seen]) => seen === topic)
        .map(([, , outcome, count]) => `${outcome} ${count}`);
    const metrics = await waitFor(
      workerMetrics,
      (text) =>
        outcomes(text, commands).length > 0 &&
        outcomes(text, deadLetterTopicOf(commands)).length > 0,
      { what: 'the flows worker past the bad bytes and their dead letter' },
    );
    expect([outcomes(metrics, commands), outcomes(metrics, deadLetterTopicOf(commands))]).toEqual([
      ['unhandled 1'],
      ['unhandled 1'],
    ]);
    const group = `${system.topicPrefix}${ConsumerGroups.flowsWorker}`;
    for (const topic of flowsService.observes?.(system.topicPrefix) ?? []) {
      const flowsDeadLetters = groupDeadLetterTopicOf(group, topic);
      const written = (await kcatPartitionCount(flowsDeadLetters)) > 0;
      expect({
        flowsDeadLetters,
        records: written ? await kcatReadAll(flowsDeadLetters) : [],
      }).toEqual({
        flowsDeadLetters,
        records: [],
      });
    }
  });
});
