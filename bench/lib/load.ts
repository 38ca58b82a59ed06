import autocannon from 'autocannon';

/** What one fixed-rate HTTP load run saw. */
export interface LoadResult {
  readonly rate: number;
  readonly seconds: number;
  /** Requests answered, and requests sent (a request in flight when the run ends is not answered). */
  readonly requests: number;
  readonly sent: number;
  /** Latency percentiles and maximum, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses per status code. */
  readonly statuses: Record<string, number>;
}

/**
 * Posts new customers to `url` at a fixed overall rate for `seconds` with autocannon, each
 * request with its own email; `headers` are added to every request.
 */
export async function postCustomersAt(
  url: string,
  rate: number,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<LoadResult> {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  let n = 0;
  const result = await autocannon({
    url,
    overallRate: rate,
    duration: seconds,
    // Enough connections that the rate holds while each waits for its outcome.
    connections: Math.max(10, Math.ceil(rate / 4)),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/customers',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            name: `Load ${n}`,
            email: `load-${run}-${n++}@bench.example`,
            address: { street: '1 Main Street', city: 'Lyon', postalCode: '69001', country: 'FR' },
          }),
        }),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = stat.count ?? 0;
  return {
    rate,
    seconds,
    requests: result.requests.total,
    sent: result.requests.sent,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    statuses,
  };
}
