import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gatherEvidence } from './chaos-evidence';
import { FaultInjector, FaultKind, FaultPlan, FaultRecord } from './chaos-faults';
import { ChaosLandscape } from './chaos-landscape';
import { ChaosWorkload } from './chaos-workload';
import { flowsEqualTheirFacts } from './flow-invariants';
import { InvariantResult } from './invariant-result';
import { LandscapeClient, RecordedRequest } from './landscape-client';
import { ordersConsistent } from './order-invariants';
import {
  everyRequestOneOutcome,
  noDuplicateFacts,
  versionsIncreasePerKey,
} from './request-invariants';
import { SeededRandom } from './seeded-random';
import { viewsEqualTheirFacts } from './view-invariants';
import {
  deadLettersAreTheBadInput,
  moneyConserved,
  nothingLeftToPublish,
  replicasEqualOwner,
} from './state-invariants';

/** What a chaos run does. */
export interface ChaosOptions {
  readonly seed: number;
  /** How long the workload and the faults last. */
  readonly minutes: number;
  /** Requests per second the workload aims at. */
  readonly perSecond: number;
  /** Requests the workload may have in flight at once (3 when not given). */
  readonly senders?: number;
  readonly faults: FaultPlan;
  /** Where the run's record is written (requests, faults, results, the apps' logs). */
  readonly outDir: string;
  readonly log: (line: string) => void;
}

/** What a chaos run found. */
export interface ChaosReport {
  readonly seed: number;
  readonly minutes: number;
  readonly perSecond: number;
  readonly senders: number;
  readonly faults: readonly FaultRecord[];
  readonly faultCounts: Readonly<Record<FaultKind, number>>;
  readonly requests: readonly RecordedRequest[];
  readonly badEvents: number;
  readonly drainSeconds: number;
  readonly results: readonly InvariantResult[];
  readonly passed: boolean;
}

/** The invariants, in the order the table shows them. */
const INVARIANTS = [
  everyRequestOneOutcome,
  noDuplicateFacts,
  versionsIncreasePerKey,
  viewsEqualTheirFacts,
  moneyConserved,
  nothingLeftToPublish,
  replicasEqualOwner,
  ordersConsistent,
  deadLettersAreTheBadInput,
  flowsEqualTheirFacts,
];

/** Requests in flight at once when the options do not say: a steady, modest load. */
export const DEFAULT_SENDERS = 3;

/** Longest wait for the landscape to settle once the faults stop. */
const DRAIN_TIMEOUT_MS = 300_000;

/**
 * Runs the whole landscape under a workload and seeded faults for `minutes`, stops both, lets
 * everything drain, and checks the invariants from what was recorded and read back.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const senders = options.senders ?? DEFAULT_SENDERS;
  const landscape = new ChaosLandscape();
  const run = `chaos${options.seed}-${Date.now().toString(36)}`;
  await mkdir(options.outDir, { recursive: true });
  try {
    await landscape.start(log);
    const began = Date.now();
    const client = new LandscapeClient(landscape, began);
    const workload = new ChaosWorkload(landscape, client, new SeededRandom(options.seed), run);
    await workload.prepare();
    const until = Date.now() + options.minutes * 60_000;
    const faults = new FaultInjector(landscape, options.seed ^ 0x5eed, options.faults, log);
    await Promise.all([workload.run(until, options.perSecond, senders), faults.run(until)]);
    log(
      `faults and workload stopped: ${client.requests.length} requests, ${faults.faults.length} faults`,
    );
    await landscape.revive();
    const drainBegan = Date.now();
    await drain(landscape, log);
    const drainSeconds = Math.round((Date.now() - drainBegan) / 1000);
    log(`drained in ${drainSeconds} s; checking`);
    const evidence = await gatherEvidence(landscape, client.requests, workload.badInputs);
    const results: InvariantResult[] = [];
    for (const invariant of INVARIANTS) results.push(await invariant(evidence));
    const report: ChaosReport = {
      seed: options.seed,
      minutes: options.minutes,
      perSecond: options.perSecond,
      senders,
      faults: faults.faults,
      faultCounts: faults.counts(),
      requests: client.requests,
      badEvents: new Set(workload.badInputs.map((bad) => bad.key)).size,
      drainSeconds,
      results,
      passed: results.every((result) => result.passed),
    };
    await record(options.outDir, report, landscape);
    return report;
  } finally {
    await landscape.tearDown();
  }
}

/**
 * Waits until the landscape is idle: nothing in any outbox, no payment open, no order waiting
 * on another service, and the views unchanged over several polls.
 */
async function drain(landscape: ChaosLandscape, log: (line: string) => void): Promise<void> {
  const schema = (name: string) =>
    landscape.schemaOf(landscape.services.find((s) => s.name === name)!);
  const [customers, orders, payments, shipping] = [
    'customers',
    'orders',
    'payments',
    'shipping',
  ].map(schema);
  const outboxes = landscape.services
    .map((service) => landscape.schemaOf(service))
    .map((s) => `(SELECT count(*) FROM ${s}.outbox)`)
    .join(' + ');
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let last = '';
  let steady = 0;
  while (Date.now() < deadline) {
    const [row] = (await landscape.db
      .query(
        `SELECT ${outboxes} AS outbox,
                (SELECT count(*) FROM ${payments}.payments WHERE status NOT IN ('completed', 'failed')) AS open,
                (SELECT count(*) FROM ${orders}.orders WHERE status IN ('placed', 'awaiting-customer')) AS waiting,
                (SELECT string_agg(status || count, ',') FROM (SELECT status, count(*) FROM ${orders}.orders GROUP BY 1) o) AS orders,
                (SELECT string_agg(status || count, ',') FROM (SELECT status, count(*) FROM ${shipping}.shipments GROUP BY 1) s) AS shipments,
                (SELECT string_agg(status || count, ',') FROM (SELECT status, count(*) FROM ${payments}.order_charges GROUP BY 1) c) AS charges,
                (SELECT COALESCE(sum(version), 0) FROM ${orders}.customer_replicas) AS orders_replica,
                (SELECT COALESCE(sum(version), 0) FROM ${shipping}.customer_addresses) AS shipping_replica,
                (SELECT COALESCE(sum(version), 0) FROM ${customers}.customers) AS customers`,
      )
      .catch(() => [{ outbox: 'unreachable' }])) as Record<string, string>[];
    const fingerprint = JSON.stringify(row);
    const idle = row.outbox === '0' && row.open === '0' && row.waiting === '0';
    steady = idle && fingerprint === last ? steady + 1 : 0;
    last = fingerprint;
    if (steady >= 4) return;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  log(`not idle after ${DRAIN_TIMEOUT_MS / 1000} s: ${last}`);
}

async function record(dir: string, report: ChaosReport, landscape: ChaosLandscape): Promise<void> {
  const lines = (items: readonly unknown[]) => items.map((item) => JSON.stringify(item)).join('\n');
  await writeFile(join(dir, 'requests.jsonl'), lines(report.requests));
  await writeFile(join(dir, 'faults.jsonl'), lines(report.faults));
  await writeFile(join(dir, 'results.json'), JSON.stringify(report.results, null, 2));
  await landscape.writeLogs(join(dir, 'logs'));
}
