import { ConsumerGroups, Topics, deadLetterTopicOf } from './topics.constants';

describe('topics', () => {
  describe('deadLetterTopicOf', () => {
    it('appends .dlq when given a topic', () => {
      expect(deadLetterTopicOf(Topics.customerCommands)).toBe('customers.commands.dlq');
    });
  });

  describe('Topics and ConsumerGroups', () => {
    it('keep their released names when read, since renaming one re-reads or orphans a topic', () => {
      expect(Topics).toEqual({
        customerCommands: 'customers.commands',
        customerEvents: 'customers.events',
      });
      expect(ConsumerGroups).toEqual({ customersWorker: 'customers-worker' });
    });
  });
});
