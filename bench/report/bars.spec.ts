import { EndpointLatency, LatencyRun } from '../scenarios/latency';
import { MaterializationResult } from '../scenarios/materialization';
import { cpuMsPerRequest, requestCostBars, throughputBars } from './bars';

const rate = (key: string, eventsPerSecond: number) =>
  [key, { key, eventsPerSecond } as MaterializationResult] as const;

function endpoint(
  kind: EndpointLatency['kind'],
  cpu: Record<string, number>,
  p99: number | null,
): EndpointLatency {
  const run = { rate: 100, p99, cpu } as unknown as LatencyRun;
  const name = {
    ours: 'POST /customers, Prefer: wait=5, kafkajs',
    floor: 'POST /customers, Prefer: wait=5, our API + worker c',
    baseline: 'baseline',
  }[kind];
  return { endpoint: name, kind, runs: [run], rows: 0, created: 0, problems: [], peakRssMiB: {} };
}

describe('throughput bars', () => {
  it('holds a1 to 10,000/s, 0.9× c and a2 to 1.2× a1, each from the same run', () => {
    const rows = throughputBars(
      new Map([rate('a1', 10_500), rate('c', 12_000), rate('a2', 11_000)]),
    ).join('\n');

    expect(rows).toContain('| a1 | 10,500 events/s | ≥ 10,000/s: met |');
    expect(rows).toContain('| a1 / c | 0.88× | ≥ 0.9×: **not met** |');
    expect(rows).toContain('| a2 / a1 | 1.05× | ≥ 1.2×: **not met** |');
  });

  it('leaves out the rows of contenders that did not run', () => {
    expect(throughputBars(new Map([rate('c', 12_000)]))).toEqual([]);
  });
});

describe('request cost bars', () => {
  it('counts every process but the load generator, in CPU ms per request', () => {
    const ours = endpoint('ours', { 'load generator': 15, api: 30, worker: 40, postgres: 20 }, 37);

    expect(cpuMsPerRequest(ours)).toBeCloseTo(9, 5);
  });

  it("holds a waited request to twice the baseline's CPU and its p99 to 50 ms", () => {
    const rows = requestCostBars({
      endpoints: [
        endpoint('ours', { api: 30, worker: 43, postgres: 21, kafka: 32 }, 37),
        endpoint('baseline', { api: 25, postgres: 7, kafka: 1 }, 8),
      ],
    }).join('\n');

    expect(rows).toContain(
      "CPU per request / baseline's | 12.60 / 3.30 ms = 3.82× | ≤ 2×: **not met** |",
    );
    expect(rows).toContain('p99 | 37 ms | ≤ 50 ms: met |');
    expect(rows).toContain("Kafka + PostgreSQL alone / baseline's | 5.30 / 3.30 ms = 1.61× | |");
  });

  it('prints the floor beside the bar, holding it to nothing', () => {
    const rows = requestCostBars({
      endpoints: [
        endpoint('ours', { api: 30, worker: 43, postgres: 21, kafka: 32 }, 37),
        endpoint('floor', { api: 30, worker: 15, postgres: 9, kafka: 15 }, 12),
        endpoint('baseline', { api: 25, postgres: 7, kafka: 1 }, 8),
      ],
    }).join('\n');

    expect(rows).toContain(
      "our API + worker c: CPU per request / baseline's | 6.90 / 3.30 ms = 2.09× | |",
    );
    expect(rows).toContain(
      "our API + worker c: Kafka + PostgreSQL alone / baseline's | 2.40 / 3.30 ms = 0.73× | |",
    );
    expect(rows).not.toContain('our API + worker c: p99');
    expect(rows).toContain('The floor is our API answered by the hand-written contender c');
  });
});
