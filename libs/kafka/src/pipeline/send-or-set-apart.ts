import { RefusedOutboxRecord, StoredOutboxRecord } from '@app/persistence';
import { BrokerProducer } from '../broker/broker-producer';
import { RecordRefusedError } from '../errors/record-refused.error';

/**
 * Sends outbox rows as they are stored and returns those the broker refused for good. A refused
 * send is halved, each half sent in turn, until the refused rows stand alone: the others go out
 * in their order, so per-partition order holds for every publishable row (a row of a failed
 * request the broker had accepted may be published twice, with its event id).
 * @throws the producer's error when a send fails for a reason a retry may cure.
 */
export async function sendOrSetApart(
  producer: BrokerProducer,
  rows: readonly StoredOutboxRecord[],
): Promise<RefusedOutboxRecord[]> {
  if (rows.length === 0) return [];
  try {
    await producer.send(
      rows.map((row) => ({
        topic: row.topic,
        key: row.key,
        value: row.value,
        headers: row.headers,
      })),
    );
    return [];
  } catch (error) {
    if (!(error instanceof RecordRefusedError)) throw error;
    if (rows.length === 1) return [{ record: rows[0], reason: error.reason, error: error.message }];
    const half = Math.ceil(rows.length / 2);
    const head = await sendOrSetApart(producer, rows.slice(0, half));
    return [...head, ...(await sendOrSetApart(producer, rows.slice(half)))];
  }
}

/** Logs each row set aside once, at error level (a person should look), and counts it. */
export function reportSetApart(
  refused: readonly RefusedOutboxRecord[],
  logger: { error(message: string): void },
  count: (topic: string, reason: string) => void,
): void {
  for (const { record, reason, error } of refused) {
    const size = record.value?.length ?? 0;
    logger.error(
      `Outbox event ${record.eventId} for ${record.topic} (${size} bytes) was refused by the ` +
        `broker for good (${reason}: ${error}); it is set aside in outbox_unpublishable and ` +
        `publication goes on.`,
    );
    count(record.topic, reason);
  }
}
