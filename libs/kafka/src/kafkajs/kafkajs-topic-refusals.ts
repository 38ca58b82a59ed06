import { topicsRefused } from '../broker/topic-refusals';

/**
 * Turns kafkajs's bare "Topic creation errors" (an aggregate of one error per topic) into a
 * `TopicsRefusedError` naming each topic and the broker's code, and saying which ACL to grant
 * when one is missing; any other error comes back as it was.
 */
export function explainTopicCreationFailure(error: unknown): unknown {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { errors } = current as { errors?: unknown };
    if (!Array.isArray(errors)) continue;
    return topicsRefused(
      errors.map((refusal: { topic?: unknown; type?: unknown }) => ({
        topic: String(refusal.topic),
        code: String(refusal.type),
      })),
      error,
    );
  }
  return error;
}
