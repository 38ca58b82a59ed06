import { loadTest, LoadTestOptions, LoadTestResult } from 'loadtest';

/** A request not answered within this time counts as an error. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** What one fixed-rate HTTP load run saw. */
export interface LoadResult {
  readonly rate: number;
  readonly seconds: number;
  /** Requests answered, and requests sent (a request in flight when the run ends is not answered). */
  readonly requests: number;
  readonly sent: number;
  /**
   * Latency percentiles and maximum, in milliseconds. A percentile is null when it falls among
   * the requests that got no answer: it is then at least `REQUEST_TIMEOUT_MS`.
   */
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses per status code. */
  readonly statuses: Record<string, number>;
}

/**
 * Posts new customers to `url` at a fixed overall rate for `seconds`, each request with its own
 * email; `headers` are added to every request (see `postAt`).
 */
export function postCustomersAt(
  url: string,
  rate: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return postAt(`${url}/customers`, rate, seconds, headers, (n) => ({
    name: `Load ${n}`,
    email: `load-${run}-${n}@bench.example`,
    address: { street: '1 Main Street', city: 'Lyon', postalCode: '69001', country: 'FR' },
  }));
}

/**
 * Posts `bodyOf(n)` for the n-th request to `url` at a fixed overall rate for `seconds`;
 * `headers` are added to every request.
 *
 * The load is open-loop (loadtest's `requestsPerSecond`): a request leaves every 1/rate seconds
 * whether or not earlier ones were answered, on a new keep-alive client when all are busy. A
 * closed loop, where a fixed set of connections each waits for its answer, would send less as the
 * server slows and so hide its slowness.
 */
export async function postAt(
  url: string,
  rate: number,
  seconds: number,
  headers: Record<string, string>,
  bodyOf: (n: number) => object,
): Promise<LoadResult> {
  let sent = 0;
  const statuses: Record<string, number> = {};
  let errors = 0;
  const options: LoadTestOptions = {
    url,
    method: 'POST',
    contentType: 'application/json',
    headers,
    requestsPerSecond: rate,
    maxSeconds: seconds,
    agentKeepAlive: true,
    timeout: REQUEST_TIMEOUT_MS,
    quiet: true,
    body: () => JSON.stringify(bodyOf(sent++)),
    statusCallback: (error, response) => {
      if (response?.statusCode !== undefined) {
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
      } else if (error) {
        errors++;
      }
    },
  };
  const result = await new Promise<LoadTestResult>((resolve, reject) =>
    loadTest(options, (error: unknown, outcome: LoadTestResult) =>
      error ? reject(error) : resolve(outcome),
    ),
  );
  return {
    rate,
    seconds,
    requests: result.totalRequests,
    sent,
    p50: percentile(result, '50'),
    p99: percentile(result, '99'),
    max: result.maxLatencyMs,
    errors,
    statuses,
  };
}

/** A percentile of the answered requests' latency; null when only unanswered ones reach it. */
function percentile(result: LoadTestResult, which: '50' | '99'): number | null {
  // loadtest counts errors in the total but not in its histogram, and gives `false` (whatever
  // its types say) for a percentile that only they reach. 0 ms is a real percentile.
  const value = result.percentiles[which] as number | false;
  return value === false ? null : value;
}
