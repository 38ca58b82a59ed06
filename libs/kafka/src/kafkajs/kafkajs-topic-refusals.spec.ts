import { TopicsRefusedError } from '../errors/topics-refused.error';
import { explainTopicCreationFailure } from './kafkajs-topic-refusals';

/** kafkajs's answer to a CreateTopics request with errors: one error per refused topic. */
function aggregate(...refusals: { topic: string; type: string }[]): Error {
  return Object.assign(new Error('Topic creation errors'), {
    name: 'KafkaJSAggregateError',
    errors: refusals.map(({ topic, type }) =>
      Object.assign(new Error(type), { name: 'KafkaJSCreateTopicError', topic, type }),
    ),
  });
}

describe(explainTopicCreationFailure.name, () => {
  it("names each refused topic with the broker's code", () => {
    const error = aggregate(
      { topic: 'customers.events', type: 'TOPIC_AUTHORIZATION_FAILED' },
      { topic: 'customers.commands.dlq', type: 'TOPIC_AUTHORIZATION_FAILED' },
    );
    const explained = explainTopicCreationFailure(error);
    expect(explained).toBeInstanceOf(TopicsRefusedError);
    expect((explained as Error).cause).toBe(error);
    expect((explained as Error).message).toMatch(
      /^Kafka refused to create the topics customers\.events \(TOPIC_AUTHORIZATION_FAILED\), customers\.commands\.dlq \(TOPIC_AUTHORIZATION_FAILED\)\. Its user may not create them/,
    );
  });

  it('returns any other error as it was', () => {
    const other = new Error('This server does not host this topic-partition');
    expect(explainTopicCreationFailure(other)).toBe(other);
  });
});
