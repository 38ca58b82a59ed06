/**
 * Raised when a partition's stored position (the next offset to apply, kept in PostgreSQL) lies
 * past the end of its log: the topic was deleted and created again, or the broker lost records.
 * Applying would take the new events for applied ones and skip them without a trace, so the
 * worker stops instead, for a person to decide.
 */
export class PositionBeyondLogEndError extends Error {
  readonly retriable = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly position: bigint,
    readonly logEnd: bigint,
  ) {
    super(
      `The stored position of ${topic}[${partition}] is ${position}, past the end of its log ` +
        `(${logEnd}): the topic was deleted and created again, or the broker lost records. Its ` +
        'events would be skipped as already applied. If the topic was recreated on purpose, ' +
        "delete the partition's row from consumer_offsets (docs/operations.md) and restart.",
    );
    this.name = new.target.name;
  }
}
