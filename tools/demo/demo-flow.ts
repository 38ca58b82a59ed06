/**
 * The scripted demo flow: talks HTTP to the landscape's APIs and prints what happens.
 * Usage: ts-node tools/demo/demo-flow.ts customers=<url>,<url> orders=<url> shipping=<url>
 *   pricing=<url> payments=<url> flows=<url> shipping-worker-pid=<pid>
 * The customers steps need two API replicas; the landscape steps pause the shipping worker.
 */
import { customersSteps } from './customers-steps';
import { flowsSteps } from './flows-steps';
import { landscapeSteps } from './landscape-steps';

/** Reads `name=value` arguments. @throws Error naming a missing one. */
function argumentsOf(argv: readonly string[]): (name: string) => string {
  const given = new Map(
    argv.map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]),
  );
  return (name) => {
    const value = given.get(name);
    if (!value) throw new Error(`missing argument ${name}=...`);
    return value;
  };
}

async function main(): Promise<void> {
  const arg = argumentsOf(process.argv.slice(2));
  const run = Date.now().toString(36);
  const [apiA, apiB] = arg('customers').split(',');
  const { ada, alan } = await customersSteps(apiA, apiB ?? apiA, run);
  const orders = await landscapeSteps(
    {
      customers: apiA,
      orders: arg('orders'),
      shipping: arg('shipping'),
      pricing: arg('pricing'),
      payments: arg('payments'),
      shippingWorkerPid: Number(arg('shipping-worker-pid')),
    },
    run,
    ada,
    alan,
  );
  await flowsSteps(arg('flows'), orders);
  console.log('\nDemo flow completed: every step answered as expected.');
}

main().catch((error: unknown) => {
  console.error(`\nDemo flow failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
