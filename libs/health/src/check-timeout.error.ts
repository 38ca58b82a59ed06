/** Raised when a readiness check does not answer within its time limit. */
export class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
  /** Always retriable: the dependency may answer at the next probe. */
  readonly retriable = true;

  constructor(
    readonly check: string,
    readonly timeoutMs: number,
  ) {
    super(
      `Readiness check '${check}' did not answer within ${timeoutMs} ms; the dependency is slow or unreachable.`,
    );
  }
}
