import { TopicsRefusedError } from '../errors/topics-refused.error';
import { topicsRefused } from './topic-refusals';

describe(topicsRefused.name, () => {
  it('names each refused topic and says which ACL to grant when one is missing', () => {
    const cause = new Error('Topic creation errors');
    const explained = topicsRefused(
      [
        { topic: 'customers.events', code: 'TOPIC_AUTHORIZATION_FAILED' },
        { topic: 'customers.commands.dlq', code: 'CLUSTER_AUTHORIZATION_FAILED' },
      ],
      cause,
    );
    expect(explained).toBeInstanceOf(TopicsRefusedError);
    expect(explained.cause).toBe(cause);
    expect(explained.message).toBe(
      'Kafka refused to create the topics customers.events (TOPIC_AUTHORIZATION_FAILED), ' +
        'customers.commands.dlq (CLUSTER_AUTHORIZATION_FAILED). Its user may not create them, or ' +
        'may not see that they exist: grant it Create on them (Describe comes with Read, Write or ' +
        'Alter), or create them beforehand.',
    );
  });

  it('names the topics alone when the refusal is not for want of an ACL', () => {
    const explained = topicsRefused(
      [{ topic: 'orders.events', code: 'INVALID_REPLICATION_FACTOR' }],
      undefined,
    );
    expect(explained.message).toBe(
      'Kafka refused to create the topics orders.events (INVALID_REPLICATION_FACTOR).',
    );
  });
});
