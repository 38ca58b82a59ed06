import {
  CreateCustomer,
  CustomerCreated,
  OrderCharged,
  OrderPaid,
  OrderPlaced,
  PlaceOrder,
  ShipmentCreated,
} from '@app/events';
import { FlowView } from '@app/flows';
import { LocalPrometheus, waitFor } from '@app/testing';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { landscape } from '../../tools/landscape';
import { scrapeConfig, ScrapeTarget } from '../../tools/monitoring/scrape-config';
import { customerFields } from './orders-system';
import { http } from './customers-system';
import { LandscapeSystem } from './landscape-system';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'k8s', 'monitoring');

interface Dashboard {
  readonly panels: { title: string; targets: { expr: string }[] }[];
}

interface RuleFile {
  readonly groups: { rules: { alert: string; expr: string }[] }[];
}

/**
 * The query an alert compares with its threshold: the rule's expression without the trailing
 * comparison, each side of an `and` on its own. It returns data whenever the signal exists, firing
 * or not.
 */
function signalsOf(expr: string): string[] {
  return expr
    .split(/\s+and\s+/)
    .map((part) => part.replace(/\s*(>|<|==|!=|>=|<=)\s*[\d.]+\s*$/, '').trim());
}

/**
 * The README's demo flow against the whole landscape, watched by a real Prometheus scraping every
 * API and worker: then every dashboard panel and every alert rule's query returns data, and an
 * order made to wait on purpose (payments' workers stopped) shows in the alerts' queries.
 */
describe('The README demo flow (tools/demo/demo-flow.ts), watched by a real Prometheus', () => {
  const { customers, orders, shipping, pricing, payments, flows } = landscape;
  const system = new LandscapeSystem([customers, orders, shipping, pricing, payments, flows]);
  /** Short, so that the order made to wait shows as a stuck flow within the test. */
  const flowsEnv = { FLOWS_STUCK_AFTER_SECONDS: '10' };
  const prometheus = new LocalPrometheus();
  const dashboard = JSON.parse(
    readFileSync(join(MONITORING, 'dashboards', 'landscape.json'), 'utf8'),
  ) as Dashboard;
  const rules = (
    parse(readFileSync(join(MONITORING, 'alert-rules.yaml'), 'utf8')) as RuleFile
  ).groups.flatMap((group) => group.rules);
  let ordersApi: string;
  let customersApi: string;
  let flowsApi: string;
  /** The tracking id of Grace's order, as the demo prints it in its flows step. */
  let graceFlow: string | undefined;

  beforeAll(() => system.setUp());
  afterAll(async () => {
    await prometheus.stop();
    await system.tearDown();
  });

  it('completes every step against the landscape: two customers API replicas, every service', async () => {
    const workers = await Promise.all(
      [customers, orders, shipping, pricing, payments].map((service) =>
        system.startWorker(service),
      ),
    );
    // Ready once the others created the topics it observes.
    await system.startWorker(flows, flowsEnv);
    const [customersA, customersB, ordersApp, shippingApi, pricingApi, paymentsApi, flowsApp] =
      await Promise.all([
        system.startApi(customers),
        system.startApi(customers),
        system.startApi(orders),
        system.startApi(shipping),
        system.startApi(pricing),
        system.startApi(payments),
        system.startApi(flows, flowsEnv),
      ]);
    ordersApi = ordersApp.url;
    customersApi = customersA.url;
    const targets = system.apps.map((app): ScrapeTarget => ({
      service: app.name.split('-')[0],
      role: app.name.includes('-worker-') ? 'worker' : 'api',
      port: Number(new URL(app.url).port),
    }));
    await prometheus.start(scrapeConfig(targets, 1));

    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(ROOT, 'tools', 'demo', 'demo-flow.ts'),
        `customers=${customersA.url},${customersB.url}`,
        `orders=${ordersApp.url}`,
        `shipping=${shippingApi.url}`,
        `pricing=${pricingApi.url}`,
        `payments=${paymentsApi.url}`,
        `flows=${flowsApp.url}`,
        `shipping-worker-pid=${workers[2].pid}`,
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    expect(stdout).toContain('== 20.');
    expect(stdout).toContain('== 21.');
    expect(stdout).toMatch(
      /Marie's order, for a new customer without an account \(orders, customers, payments\): orders\.place-order, rejected/,
    );
    expect(stdout).toContain('Demo flow completed: every step answered as expected.');
    graceFlow = /Grace's order[^\n]*: orders\.place-order, completed .*\(GET \/flows\/(\S+)\)/.exec(
      stdout,
    )?.[1];
    flowsApi = flowsApp.url;
  });

  it("shows Grace's order, for a new customer, crossing customers, orders, payments and shipping in its flow", async () => {
    expect(graceFlow).toBeDefined();

    const flow = await http<FlowView>('GET', `${flowsApi}/flows/${graceFlow}`);

    expect(flow.status).toBe(200);
    expect(flow.body).toMatchObject({ flow: PlaceOrder.type, state: 'completed' });
    const milestones = [
      `orders ${PlaceOrder.type}`,
      `orders ${CreateCustomer.type}`,
      `customers ${CustomerCreated.type}`,
      `orders ${OrderPlaced.type}`,
      `payments ${OrderCharged.type}`,
      `orders ${OrderPaid.type}`,
      `shipping ${ShipmentCreated.type}`,
    ];
    const hops = flow.body.hops.map((hop) => `${hop.service} ${hop.type}`);
    expect(hops.filter((hop) => milestones.includes(hop))).toEqual(milestones);
    expect(new Set(flow.body.hops.map((hop) => hop.service))).toEqual(
      new Set(['customers', 'orders', 'payments', 'shipping']),
    );
    for (const hop of flow.body.hops) {
      expect(hop.sinceStartMs).toBeGreaterThanOrEqual(0);
      expect(hop.sincePreviousMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('has Prometheus scrape every API and worker', async () => {
    const targets = await waitFor(
      () => prometheus.targets(),
      (found) => found.length === system.apps.length && found.every((t) => t.health === 'up'),
      { what: 'every target up' },
    );
    expect(new Set(targets.map((t) => t.job))).toEqual(
      new Set(
        ['customers', 'orders', 'shipping', 'pricing', 'payments', 'flows'].flatMap((s) => [
          `${s}-api`,
          `${s}-worker`,
        ]),
      ),
    );
  });

  it('answers every dashboard panel with data after the demo', async () => {
    const empty: string[] = [];
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const found = await waitFor(
          () => prometheus.query(expr),
          (series) => series.length > 0,
          { timeoutMs: 20_000, what: `data for panel "${panel.title}"` },
        ).catch(() => []);
        if (found.length === 0) empty.push(`${panel.title}: ${expr}`);
      }
    }
    expect(empty).toEqual([]);
    // Polled, as the panels are: one instant query may fall on a scrape that missed a worker.
    const orderFacts = await waitFor(
      () =>
        prometheus.query(
          'sum by (type) (events_emitted_total{type=~"orders\\\\.order-(placed|paid|payment-failed|cancelled)"})',
        ),
      (series) => series.length === 4,
      { timeoutMs: 20_000, what: 'the four kinds of order facts' },
    ).catch(() => []);
    expect(orderFacts.map((s) => s.metric.type).sort()).toEqual([
      'orders.order-cancelled',
      'orders.order-paid',
      'orders.order-payment-failed',
      'orders.order-placed',
    ]);
  });

  it('evaluates every alert rule without error, each signal returning data', async () => {
    const evaluated = await waitFor(
      () => prometheus.rules(),
      (found) => found.length === rules.length && found.every((r) => r.health !== 'unknown'),
      { what: 'every rule evaluated' },
    );
    expect(evaluated.filter((r) => r.health !== 'ok')).toEqual([]);
    const silent: string[] = [];
    for (const rule of rules) {
      for (const signal of signalsOf(rule.expr))
        if ((await prometheus.query(signal)).length === 0) silent.push(`${rule.alert}: ${signal}`);
    }
    expect(silent).toEqual([]);
  });

  it("shows an order waiting for payment, with payments' workers stopped, in its alerts' queries", async () => {
    await system.stopWorkers(payments);
    const created = await http<{ customerId: string }>(
      'POST',
      `${customersApi}/customers`,
      customerFields('Waiting'),
      { prefer: 'wait=15' },
    );
    // Orders accepts the customer once its replica has it.
    const placed = await waitFor(
      () =>
        http<{ status: string }>(
          'POST',
          `${ordersApi}/orders`,
          { customerId: created.body.customerId, items: [{ sku: 'S', quantity: 1, unitPrice: 1 }] },
          { prefer: 'wait=15' },
        ),
      (reply) => reply.status === 201,
      { what: 'an order placed for the new customer' },
    );
    expect(placed.body.status).toBe('placed');
    const rule = rules.find((r) => r.alert === 'OrderWaitingTooLong');
    // The alert's own query, with a threshold of seconds instead of ten minutes.
    const query = (rule?.expr ?? '').replace(/>\s*\d+$/, '> 2');
    const firing = await waitFor(
      () => prometheus.query(query),
      (series) => series.some((s) => s.metric.status === 'placed'),
      { timeoutMs: 30_000, what: `the waiting order in ${query}` },
    );
    expect(Number(firing.find((s) => s.metric.status === 'placed')?.value[1])).toBeGreaterThan(2);
    const stuckRule = rules.find((r) => r.alert === 'FlowsStuck');
    const stuck = await waitFor(
      () => prometheus.query(stuckRule?.expr ?? ''),
      (series) => series.some((s) => s.metric.flow === 'orders.place-order'),
      { timeoutMs: 40_000, what: `the waiting order's flow in ${stuckRule?.expr}` },
    );
    expect(
      Number(stuck.find((s) => s.metric.flow === 'orders.place-order')?.value[1]),
    ).toBeGreaterThanOrEqual(1);
  });
});
