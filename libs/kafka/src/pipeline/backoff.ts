/** Shapes the waits between retries. */
export interface BackoffOptions {
  /** @default 100 */
  readonly initialDelayMs?: number;
  /** @default 10000 */
  readonly maxDelayMs?: number;
  /** @default 2 */
  readonly factor?: number;
}

/**
 * Returns the wait before retry number `attempt` (1-based): exponential, capped, with "equal
 * jitter" (half fixed, half random) so that workers retrying together spread out.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialDelayMs ?? 100;
  const cap = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  const exponential = Math.min(cap, initial * factor ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}
