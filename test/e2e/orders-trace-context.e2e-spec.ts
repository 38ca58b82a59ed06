import { CloudEventHeaders, Topics } from '@app/events';
import { KcatRecord, waitFor } from '@app/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ordersService } from '@app/orders';
import { customerFields, OrderBody, OrdersSystem, WAIT } from './orders-system';

const ITEMS = [{ sku: 'lamp-3', quantity: 1, unitPrice: 4999 }];
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

/** The trace id and span id a record's `ce_traceparent` names (a failed expectation if invalid). */
function traceOf(record: KcatRecord): { traceId: string; spanId: string } {
  const traceparent = record.headers[CloudEventHeaders.traceparent] ?? '';
  expect(traceparent).toMatch(TRACEPARENT);
  const [, traceId, spanId] = TRACEPARENT.exec(traceparent) ?? [];
  return { traceId, spanId };
}

/** The spans an app exported over OTLP/HTTP (JSON), by service name, as a collector gets them. */
interface ExportedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
}

/** A stand-in OpenTelemetry collector: takes OTLP/HTTP JSON on `/v1/traces` and keeps the spans. */
class SpanCollector {
  readonly spans: ExportedSpan[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') this.keep(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private keep(body: string): void {
    const { resourceSpans = [] } = JSON.parse(body) as OtlpTraces;
    for (const { resource, scopeSpans = [] } of resourceSpans) {
      const service = resource?.attributes?.find((a) => a.key === 'service.name')?.value
        ?.stringValue;
      for (const { spans = [] } of scopeSpans)
        for (const span of spans)
          this.spans.push({ service: service ?? '', name: span.name, traceId: hex(span.traceId) });
    }
  }
}

interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value?: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name: string; traceId: string }[] }[];
  }[];
}

/** OTLP JSON ids are hex; a collector that got base64 ones reads them the same. */
function hex(id: string): string {
  return /^[0-9a-f]{32}$/.test(id) ? id : Buffer.from(id, 'base64').toString('hex');
}

/**
 * One flow is one trace: an order for a new customer crosses orders -> customers -> orders, and
 * every hop's Kafka headers carry the request's trace id, its correlation id, and as causation
 * the id of the hop before. Real processes of both services, exporting their spans.
 */
describe('Trace context, causation and correlation across services (real stack)', () => {
  const collector = new SpanCollector();
  let system: OrdersSystem;

  beforeAll(async () => {
    system = new OrdersSystem({ OTEL_EXPORTER_OTLP_ENDPOINT: await collector.start() });
    await system.setUp();
  }, 180_000);
  afterAll(async () => {
    await system.tearDown();
    await collector.stop();
  });

  async function one(topic: string, type: string, key: string): Promise<KcatRecord> {
    const [record] = await waitFor(
      async () =>
        (await system.records(topic)).filter(
          (r) => OrdersSystem.typeOf(r) === type && r.key === key,
        ),
      (found) => found.length >= 1,
      { what: `${type} ${key}` },
    );
    return record;
  }

  /** The four hops of placing `order` for a new customer, in causal order. */
  async function hopsOf({ orderId, customerId }: OrderBody): Promise<KcatRecord[]> {
    return [
      await one(Topics.orderCommands, 'orders.place-order', orderId),
      await one(Topics.customerCommands, 'customers.create-customer', customerId),
      await one(Topics.customerEvents, 'customers.customer-created', customerId),
      await one(Topics.orderEvents, 'orders.order-placed', orderId),
    ];
  }

  it("carries the caller's trace, the request's correlation and each hop's cause through orders, customers and back", async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const headers = {
      ...WAIT,
      traceparent: `00-${traceId}-${callerSpanId}-01`,
      tracestate: 'shop=checkout',
    };

    const placed = await system.placeOrder(
      { newCustomer: customerFields('Lin'), items: ITEMS },
      headers,
    );

    expect(placed.status).toBe(201);
    const hops = await hopsOf(placed.body);
    const [command] = hops;
    const correlationId = command.headers[CloudEventHeaders.trackingId];
    expect(correlationId).toBeDefined();
    expect(command.headers).not.toHaveProperty(CloudEventHeaders.causationId);
    hops.forEach((hop, i) => {
      expect(traceOf(hop).traceId).toBe(traceId);
      expect(hop.headers[CloudEventHeaders.tracestate]).toBe('shop=checkout');
      expect(hop.headers[CloudEventHeaders.correlationId]).toBe(correlationId);
      if (i > 0)
        expect(hop.headers[CloudEventHeaders.causationId]).toBe(
          hops[i - 1].headers[CloudEventHeaders.id],
        );
    });
    // Each hop was produced in a span of its own, none of them the caller's.
    const spanIds = hops.map((hop) => traceOf(hop).spanId);
    expect(new Set([callerSpanId, ...spanIds]).size).toBe(hops.length + 1);
    // And each app exported its spans of that trace.
    const exported = await waitFor(
      async () => collector.spans.filter((span) => span.traceId === traceId),
      (spans) =>
        ['orders-api', 'orders-worker', 'customers-worker'].every((service) =>
          spans.some((span) => span.service === service),
        ),
      { what: 'the spans of the trace at the collector', timeoutMs: 30_000 },
    );
    expect(exported.map((span) => `${span.service} ${span.name}`)).toEqual(
      expect.arrayContaining([
        'orders-api HTTP POST',
        'orders-api send orders.place-order',
        'orders-worker process orders.place-order',
        'customers-worker process customers.create-customer',
        'orders-worker process customers.customer-created',
      ]),
    );
  });

  it.each([
    ['without a traceparent', {}],
    ['with an invalid traceparent', { traceparent: '00-not-a-trace-01' }],
  ])(
    'starts a fresh valid trace for a request %s, carried to the last hop',
    async (_case, extra) => {
      const flows = await Promise.all(
        ['Mae', 'Ida'].map(async (name) => {
          const placed = await system.placeOrder(
            { newCustomer: customerFields(name), items: ITEMS },
            { ...WAIT, ...extra },
          );
          expect(placed.status).toBe(201);
          return hopsOf(placed.body);
        }),
      );

      const traceIds = flows.map((hops) => {
        const [first] = hops.map((hop) => traceOf(hop).traceId);
        expect(hops.map((hop) => traceOf(hop).traceId)).toEqual(hops.map(() => first));
        expect(first).not.toMatch(/^0+$/);
        return first;
      });
      expect(traceIds[0]).not.toBe(traceIds[1]);
    },
  );

  it('shows the flow with npm run flows: each hop under the one that caused it', async () => {
    const placed = await system.placeOrder({ newCustomer: customerFields('Ana'), items: ITEMS });
    expect(placed.status).toBe(201);
    const hops = await hopsOf(placed.body);
    const correlationId = hops[0].headers[CloudEventHeaders.correlationId];

    const root = join(__dirname, '..', '..');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        '-r',
        'tsconfig-paths/register',
        'tools/flows.ts',
        correlationId,
      ],
      { cwd: root, env: { ...process.env, ...system.landscape.env(ordersService) } },
    );

    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`flow ${correlationId}: 4 events, trace ${traceOf(hops[0]).traceId}`);
    expect(lines.slice(1).map((line) => /^( *)\S+ {2}(\S+)/.exec(line)?.slice(1))).toEqual([
      ['', 'orders.place-order'],
      ['  ', 'customers.create-customer'],
      ['    ', 'customers.customer-created'],
      ['      ', 'orders.order-placed'],
    ]);
  }, 120_000);
});
