import { TopicSpec } from './broker-admin';

/** What a topic's metadata tells provisioning: its partition count, and whether all have a leader. */
export interface TopicState {
  readonly partitions: number;
  readonly led: boolean;
}

/** A topic's metadata as both clients' admin APIs describe it (librdkafka's mirrors kafkajs's). */
export interface TopicMetadataLike {
  readonly name: string;
  readonly partitions: readonly { readonly leader: number }[];
}

/** Returns the state of each described topic, by name. */
export function topicStatesOf(topics: readonly TopicMetadataLike[]): Map<string, TopicState> {
  return new Map(
    topics.map((topic) => [
      topic.name,
      {
        partitions: topic.partitions.length,
        led: topic.partitions.every((partition) => partition.leader >= 0),
      },
    ]),
  );
}

/** The topic queries both clients' admin APIs answer in the same shape. */
export interface TopicQueries {
  listTopics(): Promise<string[]>;
  fetchTopicOffsets(topic: string): Promise<{ partition: number; high: string }[]>;
}

/** Returns those of the topics that do not exist. */
export async function missingOf(admin: TopicQueries, topics: readonly string[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  return topics.filter((topic) => !existing.has(topic));
}

/**
 * Returns the end of a partition's log now (its high watermark).
 * @throws Error when the topic has no such partition.
 */
export async function logEndOf(
  admin: TopicQueries,
  topic: string,
  partition: number,
): Promise<bigint> {
  const found = (await admin.fetchTopicOffsets(topic)).find((o) => o.partition === partition);
  if (!found) throw new Error(`Topic ${topic} has no partition ${partition}`);
  return BigInt(found.high);
}

/** The admin requests topic provisioning is made of, in a client's terms. */
export interface TopicRequests {
  listTopics(): Promise<string[]>;
  /** Creates topics with their replication; resolves without an error for those another process created first. */
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /**
   * Returns the state of each topic.
   * @throws an error `isRetriable` tells while a topic just created is not served yet.
   */
  describeTopics(topics: readonly string[]): Promise<Map<string, TopicState>>;
  /** Grows topics to the partition counts of `specs`. */
  growPartitions(specs: readonly TopicSpec[]): Promise<void>;
  /**
   * Tells a refusal that reading again may cure (a topic not served yet).
   * @default the error's `retriable` flag, as kafkajs sets it
   */
  isRetriable?(error: unknown): boolean;
}

/** Reads of a topic another process is creating: how many, and the pause before the n-th. */
const METADATA_ATTEMPTS = 10;
const METADATA_BACKOFF_MS = 200;

/**
 * Creates missing topics, waits until each of their partitions has a leader (so that what
 * follows, a producer, a consumer, a partition count, sees them served), and grows partition
 * counts that are too small; never shrinks or deletes.
 * @throws Error naming the topics that still have no leader after the last read.
 */
export async function provisionTopics(
  specs: readonly TopicSpec[],
  requests: TopicRequests,
): Promise<void> {
  const existing = new Set(await requests.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.topic));
  if (missing.length > 0) {
    await requests.createTopics(missing);
    await untilLed(
      requests,
      missing.map((spec) => spec.topic),
    );
  }
  const present = specs.filter((spec) => existing.has(spec.topic));
  if (present.length === 0) return;
  const states = await described(
    requests,
    present.map((spec) => spec.topic),
  );
  const grow = present.filter(
    (spec) => (states.get(spec.topic)?.partitions ?? 0) < spec.partitions,
  );
  if (grow.length > 0) await requests.growPartitions(grow);
}

/**
 * Reads the topics' state. A topic just created (here or by another process) may not be
 * served yet ("This server does not host this topic-partition", no leader), as when the apps of
 * a landscape start together on a fresh broker; such retriable answers are read again.
 */
async function described(
  requests: TopicRequests,
  topics: readonly string[],
): Promise<Map<string, TopicState>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await requests.describeTopics(topics);
    } catch (error) {
      const retriable = requests.isRetriable
        ? requests.isRetriable(error)
        : error instanceof Error && 'retriable' in error && error.retriable === true;
      if (!retriable || attempt >= METADATA_ATTEMPTS) throw error;
      await pause(METADATA_BACKOFF_MS * attempt);
    }
  }
}

async function untilLed(requests: TopicRequests, topics: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const states = await described(requests, topics);
    const leaderless = topics.filter((name) => {
      const state = states.get(name);
      return !state || state.partitions === 0 || !state.led;
    });
    if (leaderless.length === 0) return;
    if (attempt >= METADATA_ATTEMPTS)
      throw new Error(`Topics ${leaderless.join(', ')} have no leader yet; is the broker healthy?`);
    await pause(METADATA_BACKOFF_MS * attempt);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
