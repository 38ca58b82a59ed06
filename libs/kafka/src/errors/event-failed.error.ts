/** Says which event of a batch a failure belongs to, so that the rest of the batch can go on without it. */
export class EventFailedError extends Error {
  constructor(
    readonly offset: bigint,
    override readonly cause: unknown,
  ) {
    super(
      `Event at offset ${offset} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = new.target.name;
  }
}
