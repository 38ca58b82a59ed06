import { TopicSpec } from './broker-admin';

/** What CreateTopics takes for "the broker's default.replication.factor". */
const BROKER_DEFAULT = -1;

/** A topic to create, in the shape both clients' `createTopics` take (librdkafka's mirrors kafkajs's). */
export interface NewTopic {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configEntries: { name: string; value: string }[];
}

/** Returns the creation request of a spec: its partitions, and its replication or the broker's. */
export function newTopicOf(spec: TopicSpec): NewTopic {
  const insync = spec.replication?.minInsyncReplicas;
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    replicationFactor: spec.replication?.factor ?? BROKER_DEFAULT,
    configEntries:
      insync === undefined ? [] : [{ name: 'min.insync.replicas', value: String(insync) }],
  };
}
