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
} as const;
