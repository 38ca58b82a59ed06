import { TopicsRefusedError } from '../errors/topics-refused.error';
import { explainLibrdkafkaTopicCreationFailure } from './librdkafka-topic-refusals';

/** The client's answer to topic creations with errors: one error per topic, librdkafka's codes. */
function aggregate(...refusals: { topic: string; code: number; type: string }[]): Error {
  return Object.assign(new Error('Topic creation errors'), {
    name: 'KafkaJSAggregateError',
    errors: refusals.map((refusal) =>
      Object.assign(new Error('Authorization failed.'), {
        name: 'KafkaJSCreateTopicError',
        ...refusal,
      }),
    ),
  });
}

describe(explainLibrdkafkaTopicCreationFailure.name, () => {
  it("names each refused topic with the broker's code, without librdkafka's ERR_ prefix", () => {
    const error = aggregate(
      { topic: 'customers.events', code: 29, type: 'ERR_TOPIC_AUTHORIZATION_FAILED' },
      { topic: 'customers.commands.dlq', code: 31, type: 'ERR_CLUSTER_AUTHORIZATION_FAILED' },
    );
    const explained = explainLibrdkafkaTopicCreationFailure(error);
    expect(explained).toBeInstanceOf(TopicsRefusedError);
    expect((explained as Error).cause).toBe(error);
    expect((explained as Error).message).toMatch(
      /^Kafka refused to create the topics customers\.events \(TOPIC_AUTHORIZATION_FAILED\), customers\.commands\.dlq \(CLUSTER_AUTHORIZATION_FAILED\)\. Its user may not create them/,
    );
  });

  it("returns the error as it was when a topic's creation failed in the client (a timeout)", () => {
    const error = aggregate(
      { topic: 'orders.events', code: 29, type: 'ERR_TOPIC_AUTHORIZATION_FAILED' },
      { topic: 'orders.commands', code: -185, type: 'ERR__TIMED_OUT' },
    );
    expect(explainLibrdkafkaTopicCreationFailure(error)).toBe(error);
  });

  it('returns any other error as it was', () => {
    const other = new Error('Local: Broker transport failure');
    expect(explainLibrdkafkaTopicCreationFailure(other)).toBe(other);
  });
});
