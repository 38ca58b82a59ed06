import { FAULT_KINDS } from '../chaos/chaos-faults';
import { runChaos } from '../chaos/chaos-run';
import { summarize } from '../chaos/chaos-summary';

/**
 * The short chaos run of the suite: the whole landscape (2 workers of customers, orders,
 * payments and shipping, 1 of pricing and flows; 2 API replicas of orders and payments) on a broker and a
 * PostgreSQL of its own, a mixed workload for one minute while each kind of fault strikes at
 * least once (seed 17), then the invariant checker. `npm run chaos` runs the long one.
 */
describe('The landscape under seeded faults (child processes, own Kafka and PostgreSQL)', () => {
  it('keeps every invariant: one outcome per request, nothing applied twice, money conserved, replicas equal, orders consistent, DLQs exact', async () => {
    const report = await runChaos({
      seed: 17,
      minutes: 1,
      perSecond: 3,
      faults: {
        streams: { kill: 1, zombie: 1, 'rolling-restart': 1, 'postgres-stop': 1, 'broker-kill': 1 },
        gapMs: [5_000, 15_000],
      },
      outDir: '.chaos/suite',
      log: () => undefined,
    });
    process.stdout.write(`${summarize(report)}\n`);

    for (const kind of FAULT_KINDS) expect(report.faultCounts[kind]).toBeGreaterThanOrEqual(1);
    expect(report.faults.filter((fault) => fault.detail.startsWith('failed'))).toEqual([]);
    expect(report.results.filter((result) => !result.passed)).toEqual([]);
  }, 360_000);
});
