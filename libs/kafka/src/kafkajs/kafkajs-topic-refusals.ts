import { TopicsRefusedError } from '../errors/topics-refused.error';

/** The broker's answers that mean an ACL is missing. */
const UNAUTHORIZED = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED']);

/**
 * Turns kafkajs's bare "Topic creation errors" (an aggregate of one error per topic) into a
 * `TopicsRefusedError` naming each topic and the broker's code, and saying which ACL to grant
 * when one is missing; any other error comes back as it was.
 */
export function explainTopicCreationFailure(error: unknown): unknown {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { errors } = current as { errors?: unknown };
    if (!Array.isArray(errors)) continue;
    const refusals = errors.map((refusal: { topic?: unknown; type?: unknown }) => ({
      topic: String(refusal.topic),
      type: String(refusal.type),
    }));
    const named = refusals.map(({ topic, type }) => `${topic} (${type})`).join(', ');
    const unauthorized = refusals.some(({ type }) => UNAUTHORIZED.has(type));
    return new TopicsRefusedError(
      `Kafka refused to create the topics ${named}.` +
        (unauthorized
          ? ' Its user may not create them, or may not see that they exist: grant it Create on' +
            ' them (Describe comes with Read, Write or Alter), or create them beforehand.'
          : ''),
      { cause: error },
    );
  }
  return error;
}
