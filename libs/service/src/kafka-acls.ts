import { deadLetterTopicOf, groupDeadLetterTopicOf } from '@app/events';
import { ServiceDefinition } from './service-definition';

/**
 * An operation a Kafka ACL allows. Kafka grants Describe with Read, Write and Alter, so it is
 * never listed on its own.
 * @see https://kafka.apache.org/documentation/#operations_resources_and_protocols
 */
export type KafkaAclOperation = 'Read' | 'Write' | 'Create' | 'Alter';

/** What one ACL allows on one resource, named literally (never a prefix or a wildcard). */
export interface KafkaAcl {
  readonly resource: { readonly type: 'topic' | 'group'; readonly name: string };
  readonly operations: readonly KafkaAclOperation[];
}

/** Everything one app of a service may do on the cluster; what is not listed, it may not. */
export interface PrincipalAcls {
  /** The app: `<service>-api` or `<service>-worker`. */
  readonly app: string;
  /** Its Kafka user (the SASL user name; the ACLs' principal is `User:<user>`). */
  readonly user: string;
  readonly acls: readonly KafkaAcl[];
}

/**
 * What of a service's definition its ACLs follow from: its name, its own topics, and the other
 * services' topics its worker reads (`consumes`, `observes`) and writes (`sends`).
 */
export type KafkaAccess = Pick<ServiceDefinition, 'name' | 'topics'> & {
  readonly consumes?: readonly { readonly topic: string }[];
  readonly observes?: (topicPrefix: string) => readonly string[];
  readonly sends?: readonly { readonly topic: string }[];
};

/** Where the ACLs of a landscape differ from one environment to another. */
export interface KafkaAclOptions {
  /** The environment's `KAFKA_TOPIC_PREFIX`. @default '' */
  readonly topicPrefix?: string;
  /** The Kafka user of an app. @default the app's name, `<service>-api` or `<service>-worker` */
  readonly userOf?: (app: string) => string;
  /**
   * The consumer group id of a service's worker, without the prefix (`ConsumerGroups`).
   * @default `<service>-worker`
   */
  readonly groupIdOf?: (service: KafkaAccess) => string;
}

/** The operations on a topic an app provisions at start: create it if missing, grow it if smaller. */
const PROVISIONS: readonly KafkaAclOperation[] = ['Create', 'Alter'];

/**
 * Returns the least ACLs of every app of `services`, as the kit wires them. An API writes and
 * provisions its service's input topic, nothing else (its outcomes come from PostgreSQL). A
 * worker reads its input topic and the facts it consumes under its consumer group; writes its
 * output topic, its input topic (a request's later steps are commands to itself) and the input
 * topics of the services it sends commands to; provisions its own topics and its dead-letter
 * topics. The migration job never connects to Kafka. So only a service's API, its worker and the
 * workers that declare they send it commands may write its input topic.
 */
export function kafkaAclsOf(
  services: readonly KafkaAccess[],
  options: KafkaAclOptions = {},
): PrincipalAcls[] {
  const prefix = options.topicPrefix ?? '';
  const userOf = options.userOf ?? ((app: string) => app);
  const groupIdOf = options.groupIdOf ?? ((service: KafkaAccess) => `${service.name}-worker`);
  const topic = (name: string, ...operations: KafkaAclOperation[]): KafkaAcl => ({
    resource: { type: 'topic', name },
    operations,
  });
  return services.flatMap((service) => {
    const commands = `${prefix}${service.topics.commands}`;
    const group = `${prefix}${groupIdOf(service)}`;
    // Observed topics (a flows view's) are read like consumed facts, under the group's dead letters.
    const facts = [
      ...(service.consumes ?? []).map((consumed) => `${prefix}${consumed.topic}`),
      ...(service.observes?.(prefix) ?? []),
    ];
    const api = `${service.name}-api`;
    const worker = `${service.name}-worker`;
    return [
      { app: api, user: userOf(api), acls: [topic(commands, 'Write', ...PROVISIONS)] },
      {
        app: worker,
        user: userOf(worker),
        acls: [
          topic(commands, 'Read', 'Write', ...PROVISIONS),
          topic(`${prefix}${service.topics.events}`, 'Write', ...PROVISIONS),
          topic(deadLetterTopicOf(commands), 'Write', ...PROVISIONS),
          ...facts.flatMap((name) => [
            topic(name, 'Read'),
            topic(groupDeadLetterTopicOf(group, name), 'Write', ...PROVISIONS),
          ]),
          ...(service.sends ?? []).map((sent) => topic(`${prefix}${sent.topic}`, 'Write')),
          { resource: { type: 'group', name: group }, operations: ['Read'] },
        ],
      },
    ];
  });
}
