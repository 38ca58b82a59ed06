import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { landscape } from '../../tools/landscape';
import { LandscapeSystem } from './landscape-system';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('The README demo flow (tools/demo/demo-flow.ts)', () => {
  const { customers, orders, shipping, pricing, payments } = landscape;
  const system = new LandscapeSystem([customers, orders, shipping, pricing, payments]);

  beforeAll(() => system.setUp());
  afterAll(() => system.tearDown());

  it('completes every step against the landscape: two customers API replicas, every service', async () => {
    const workers = await Promise.all(
      [customers, orders, shipping, pricing, payments].map((service) =>
        system.startWorker(service),
      ),
    );
    const [customersA, customersB, ordersApi, shippingApi, pricingApi, paymentsApi] =
      await Promise.all([
        system.startApi(customers),
        system.startApi(customers),
        system.startApi(orders),
        system.startApi(shipping),
        system.startApi(pricing),
        system.startApi(payments),
      ]);
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(ROOT, 'tools', 'demo', 'demo-flow.ts'),
        `customers=${customersA.url},${customersB.url}`,
        `orders=${ordersApi.url}`,
        `shipping=${shippingApi.url}`,
        `pricing=${pricingApi.url}`,
        `payments=${paymentsApi.url}`,
        `shipping-worker-pid=${workers[2].pid}`,
      ],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    expect(stdout).toContain('== 20.');
    expect(stdout).toContain('Demo flow completed: every step answered as expected.');
  });
});
