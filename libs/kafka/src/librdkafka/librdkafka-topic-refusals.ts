import { topicsRefused } from '../broker/topic-refusals';

/** One topic's error in the client's "Topic creation errors". */
interface CreateTopicError {
  readonly topic?: unknown;
  readonly code?: unknown;
  readonly type?: unknown;
}

/**
 * Turns the client's "Topic creation errors" (an aggregate of one error per topic, each with
 * librdkafka's code: `ERR_TOPIC_AUTHORIZATION_FAILED`) into a `TopicsRefusedError` naming each
 * topic and the broker's code, when every error is the broker's answer; any other error (a
 * request that timed out, say) comes back as it was.
 */
export function explainLibrdkafkaTopicCreationFailure(error: unknown): unknown {
  const { errors } = (error ?? {}) as { errors?: unknown };
  if (!Array.isArray(errors) || errors.length === 0) return error;
  const refusals = errors as CreateTopicError[];
  // librdkafka's own errors (a timeout, a broker down) are negative; the broker's are positive.
  if (!refusals.every(({ code }) => typeof code === 'number' && code > 0)) return error;
  return topicsRefused(
    refusals.map(({ topic, code, type }) => ({
      topic: String(topic),
      code: typeof type === 'string' ? type.replace(/^ERR_/, '') : String(code),
    })),
    error,
  );
}
