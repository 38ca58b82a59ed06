/** Raised when an unclassified failure persisted through every allowed attempt: the failing event is poison. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `Gave up after ${attempts} attempts: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = new.target.name;
  }
}
