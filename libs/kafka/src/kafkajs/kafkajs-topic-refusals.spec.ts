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
  it('names each refused topic and says which ACL to grant when one is missing', () => {
    const explained = explainTopicCreationFailure(
      aggregate(
        { topic: 'customers.events', type: 'TOPIC_AUTHORIZATION_FAILED' },
        { topic: 'customers.commands.dlq', type: 'TOPIC_AUTHORIZATION_FAILED' },
      ),
    );
    expect(explained).toBeInstanceOf(TopicsRefusedError);
    expect((explained as Error).message).toBe(
      'Kafka refused to create the topics customers.events (TOPIC_AUTHORIZATION_FAILED), ' +
        'customers.commands.dlq (TOPIC_AUTHORIZATION_FAILED). Its user may not create them, or ' +
        'may not see that they exist: grant it Create on them (Describe comes with Read, Write or ' +
        'Alter), or create them beforehand.',
    );
  });

  it('names the topics alone when the refusal is not for want of an ACL', () => {
    const explained = explainTopicCreationFailure(
      aggregate({ topic: 'orders.events', type: 'INVALID_REPLICATION_FACTOR' }),
    );
    expect((explained as Error).message).toBe(
      'Kafka refused to create the topics orders.events (INVALID_REPLICATION_FACTOR).',
    );
  });

  it('returns any other error as it was', () => {
    const other = new Error('This server does not host this topic-partition');
    expect(explainTopicCreationFailure(other)).toBe(other);
  });
});
