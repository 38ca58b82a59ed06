import { TopicsRefusedError } from '../errors/topics-refused.error';

/** A topic the brokers refused to create, and their error code for it (`TOPIC_AUTHORIZATION_FAILED`). */
export interface TopicRefusal {
  readonly topic: string;
  readonly code: string;
}

/** The broker's answers that mean an ACL is missing. */
const UNAUTHORIZED = new Set(['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED']);

/**
 * Returns a `TopicsRefusedError` naming each refused topic and the broker's code, and saying
 * which ACL to grant when one is missing; both adapters give it.
 */
export function topicsRefused(
  refusals: readonly TopicRefusal[],
  cause: unknown,
): TopicsRefusedError {
  const named = refusals.map(({ topic, code }) => `${topic} (${code})`).join(', ');
  const unauthorized = refusals.some(({ code }) => UNAUTHORIZED.has(code));
  return new TopicsRefusedError(
    `Kafka refused to create the topics ${named}.` +
      (unauthorized
        ? ' Its user may not create them, or may not see that they exist: grant it Create on' +
          ' them (Describe comes with Read, Write or Alter), or create them beforehand.'
        : ''),
    { cause },
  );
}
