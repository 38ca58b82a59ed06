/**
 * Names the headers added to an event sent to its dead-letter topic, saying why it failed and
 * where it came from so that it can be inspected and replayed.
 */
export const DeadLetterHeaders = {
  errorCode: 'dlq_error_code',
  errorMessage: 'dlq_error_message',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  attempts: 'dlq_attempts',
  consumerGroup: 'dlq_consumer_group',
  failedAt: 'dlq_failed_at',
  /** The kind of failure: event type, error code and reason without its values, hashed (`npm run dlq -- stats`). */
  fingerprint: 'dlq_fingerprint',
  /** On a replayed event: the dead letter it was sent back from, `<dlq topic>:<partition>:<offset>`. */
  replayedFrom: 'dlq_replayed_from',
  /** On a replayed event: the replay run that sent it. */
  replayRun: 'dlq_replay_run',
  /** On a replayed event: the tracking id it carried, whose request was answered when it failed. */
  originalTrackingId: 'dlq_original_trackingid',
  /** `true` when the value was cut to keep the dead letter within its size bound. */
  valueTruncated: 'dlq_value_truncated',
  /** The original value's size in bytes, when it was cut. */
  valueSize: 'dlq_value_size',
  /** The SHA-256 of the original value (hex), when it was cut. */
  valueSha256: 'dlq_value_sha256',
} as const;
