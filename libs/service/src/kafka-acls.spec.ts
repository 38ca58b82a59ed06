import { defineEvent, EventCatalogue } from '@app/events';
import { deadLetterTopicFor } from '@app/kafka';
import { z } from 'zod';
import { KafkaAclOperation, kafkaAclsOf, PrincipalAcls } from './kafka-acls';
import { ServiceDefinition } from './service-definition';

function catalogueOf(service: string): EventCatalogue {
  const event = (kind: string, topic: string) =>
    defineEvent({
      type: `${service}.${kind}`,
      schema: z.object({ id: z.string() }),
      topic,
      key: (payload) => payload.id,
    });
  return new EventCatalogue([
    event('do-it', `${service}.commands`),
    event('done', `${service}.events`),
  ]);
}

function serviceOf(name: string, extra: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return {
    name,
    catalogue: catalogueOf(name),
    topics: { commands: `${name}.commands`, events: `${name}.events` },
    schema: name,
    migrations: [],
    ports: { api: 3000, worker: 3001 },
    ...extra,
  };
}

const customers = serviceOf('customers');
const orders = serviceOf('orders', {
  consumes: [{ topic: 'customers.events', catalogue: customers.catalogue }],
  sends: [{ topic: 'customers.commands', catalogue: customers.catalogue }],
});
const shipping = serviceOf('shipping', {
  consumes: [{ topic: 'customers.events', catalogue: customers.catalogue }],
});

/** Returns the apps allowed `operation` on the topic `name`. */
function allowed(all: PrincipalAcls[], operation: KafkaAclOperation, name: string): string[] {
  return all
    .filter((p) =>
      p.acls.some(
        (acl) =>
          acl.resource.type === 'topic' &&
          acl.resource.name === name &&
          acl.operations.includes(operation),
      ),
    )
    .map((p) => p.app);
}

describe(kafkaAclsOf.name, () => {
  const all = kafkaAclsOf([customers, orders, shipping]);

  it('lets only the API, the worker and the senders write an input topic', () => {
    expect(allowed(all, 'Write', 'customers.commands')).toEqual([
      'customers-api',
      'customers-worker',
      'orders-worker',
    ]);
  });

  it('lets only the owner worker write its output topic, and only the readers read it', () => {
    expect(allowed(all, 'Write', 'customers.events')).toEqual(['customers-worker']);
    expect(allowed(all, 'Read', 'customers.events')).toEqual(['orders-worker', 'shipping-worker']);
  });

  it('gives an API only its input topic: no read, no group', () => {
    expect(all.find((p) => p.app === 'orders-api')?.acls).toEqual([
      {
        resource: { type: 'topic', name: 'orders.commands' },
        operations: ['Write', 'Create', 'Alter'],
      },
    ]);
  });

  it('gives a worker the dead-letter topics the kit names for its subscriptions', () => {
    const group = 'orders-worker';
    const dlqs = [
      deadLetterTopicFor({ topic: 'orders.commands' }, group),
      deadLetterTopicFor({ topic: 'customers.events', kind: 'facts' }, group),
    ];
    for (const dlq of dlqs) expect(allowed(all, 'Create', dlq)).toEqual(['orders-worker']);
  });

  it('lets a worker that observes topics read every one of them, and nothing more', () => {
    const flows = serviceOf('flows', {
      observes: (prefix) => [`${prefix}customers.commands`, `${prefix}customers.events`],
    });
    const withFlows = kafkaAclsOf([customers, flows], { topicPrefix: 'env.' });
    expect(allowed(withFlows, 'Read', 'env.customers.commands')).toEqual([
      'customers-worker',
      'flows-worker',
    ]);
    expect(allowed(withFlows, 'Read', 'env.customers.events')).toEqual(['flows-worker']);
    expect(allowed(withFlows, 'Write', 'env.customers.commands')).toEqual([
      'customers-api',
      'customers-worker',
    ]);
  });

  it('never lets a reader of facts create or grow the owner’s topic', () => {
    expect(allowed(all, 'Create', 'customers.events')).toEqual(['customers-worker']);
    expect(allowed(all, 'Alter', 'customers.commands')).toEqual([
      'customers-api',
      'customers-worker',
    ]);
  });

  it('prefixes topics and groups, and names users as told, when an environment says so', () => {
    const [, worker] = kafkaAclsOf([customers], {
      topicPrefix: 'staging.',
      userOf: (app) => `svc-${app}`,
      groupIdOf: () => 'customers-materializer',
    });
    expect(worker.user).toBe('svc-customers-worker');
    expect(worker.acls.map((acl) => acl.resource.name)).toEqual([
      'staging.customers.commands',
      'staging.customers.events',
      'staging.customers.commands.dlq',
      'staging.customers-materializer',
    ]);
  });
});
