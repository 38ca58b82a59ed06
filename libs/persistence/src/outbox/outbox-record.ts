/** An event waiting in the outbox to be published, already encoded for the broker. */
export interface OutboxRecord {
  readonly eventId: string;
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** An outbox row as stored, with its position in the publication order. */
export interface StoredOutboxRecord extends OutboxRecord {
  readonly id: string;
}

/** Where outbox rows came from: the input partition whose batch wrote them. */
export interface OutboxSource {
  readonly topic: string;
  readonly partition: number;
}

/** An outbox row the broker refused for good, with why: it is set aside, never retried. */
export interface RefusedOutboxRecord {
  readonly record: StoredOutboxRecord;
  /** The broker's error code name (`MESSAGE_TOO_LARGE`, ...). */
  readonly reason: string;
  readonly error: string;
}

/** The oldest outbox row not yet published. */
export interface OldestOutboxRecord {
  readonly eventId: string;
  readonly topic: string;
  readonly source: OutboxSource;
  readonly ageSeconds: number;
}
