import {
  deadLetterTopicOf,
  EventCatalogue,
  EventDefinition,
  groupDeadLetterTopicOf,
} from '@app/events';
import { OutboxRelayOptions } from '@app/persistence';
import { TopicReplication, TopicSpec } from '../broker/broker-admin';
import { KAFKA_CLIENTS, KafkaClientOptions } from '../clients/kafka-client';
import { KafkajsBrokerOptions } from '../kafkajs/kafkajs-broker';
import { RetryOptions } from '../pipeline/retry.middleware';

/**
 * The worker's own input topic: requests it is answerable for. Their tracking ids name its
 * requests (outcomes, rejections, one run per id); it provisions the topic and dead-letters into
 * `<topic>.dlq`.
 */
export interface RequestSubscription {
  readonly topic: string;
  readonly kind?: 'requests';
  /** The event that answers a tracked request rejected on this topic (payload: `requestRejectedSchema`). */
  readonly rejectionEvent?: EventDefinition;
}

/**
 * Another service's topic, whose events are facts for this worker: the owner provisions it (the
 * worker waits, unready, until it exists); tracking ids on it name the owner's requests,
 * never this worker's (no outcome, no rejection, no deduplication by them); a type no handler
 * takes is skipped and counted, not dead-lettered; permanent failures go to the group's own
 * dead-letter topic, `<groupId>.<topic>.dlq`.
 */
export interface FactSubscription {
  readonly topic: string;
  readonly kind: 'facts';
  /**
   * Takes every record of the topic, whatever its type, to the `@OnAnyEvent` handlers: decoded
   * from its headers alone (its payload unvalidated JSON), never deduplicated by source and id
   * (each record is one observation). For views of what happens on other services' topics,
   * dead-letter topics included. A record with no `ce_correlationid` names no flow: it is left
   * unhandled, never dead-lettered.
   */
  readonly observe?: boolean;
}

/** One topic the worker consumes: its own requests, or another service's facts. */
export type WorkerSubscription = RequestSubscription | FactSubscription;

/** Returns the topics of the subscriptions to other services' facts. */
export function factTopicsOf(subscriptions: readonly WorkerSubscription[]): ReadonlySet<string> {
  return new Set(subscriptions.flatMap((s) => (s.kind === 'facts' ? [s.topic] : [])));
}

/** Returns the topics of the subscriptions that observe every record. */
export function observedTopicsOf(
  subscriptions: readonly WorkerSubscription[],
): ReadonlySet<string> {
  return new Set(subscriptions.flatMap((s) => (s.kind === 'facts' && s.observe ? [s.topic] : [])));
}

/** Returns the dead-letter topic of a subscription: the topic's own, or the group's for facts. */
export function deadLetterTopicFor(subscription: WorkerSubscription, groupId: string): string {
  return subscription.kind === 'facts'
    ? groupDeadLetterTopicOf(groupId, subscription.topic)
    : deadLetterTopicOf(subscription.topic);
}

/** Configures a worker's core, whatever its broker client: its group, its topics, and how it retries and stops. */
export interface WorkerOptions {
  /** Consumer group id, from the catalogue. Renaming it re-reads every subscribed topic. */
  readonly groupId: string;
  /** `ce_source` of the events this worker emits. */
  readonly source: string;
  readonly catalogue: EventCatalogue;
  readonly subscriptions: readonly WorkerSubscription[];
  /**
   * Topics to create or grow at start (input, output); dead-letter topics are added for each
   * subscription. Never another service's topic: its owner sizes it.
   */
  readonly provision?: readonly TopicSpec[];
  /** Replication of the topics it creates (`provision` and dead-letter topics) that do not set their own. */
  readonly replication?: TopicReplication;
  /** @default WorkerDefaults.maxBatchSize */
  readonly maxBatchSize?: number;
  /** @default WorkerDefaults.shutdownBudgetMs */
  readonly shutdownBudgetMs?: number;
  readonly retry?: RetryOptions;
  readonly relay?: OutboxRelayOptions;
  /**
   * How long an applied event's CloudEvents source and id are remembered: a copy of it (another
   * offset, the same source and id) arriving within this window is not applied again.
   * @default WorkerDefaults.deduplicationWindowMs
   */
  readonly deduplicationWindowMs?: number;
  /** Bytes a dead letter may take; a larger original value is cut to fit. @default WorkerDefaults.maxDeadLetterBytes */
  readonly maxDeadLetterBytes?: number;
  /** Age past which an unpublished outbox row fails readiness. @default WorkerDefaults.outboxStuckAfterMs */
  readonly outboxStuckAfterMs?: number;
  /** @default WorkerDefaults.outboxCheckIntervalMs */
  readonly outboxCheckIntervalMs?: number;
  /** How often to look again for another service's topic that does not exist yet. @default WorkerDefaults.ownerTopicPollMs */
  readonly ownerTopicPollMs?: number;
}

/**
 * Configures a worker: its core, its Kafka client, and the client's settings (which live with
 * the adapters: `client`, `consumer` timings and concurrency are read by both).
 */
export interface KafkaWorkerOptions
  extends WorkerOptions, KafkajsBrokerOptions, KafkaClientOptions {}

/**
 * Checks options at start so that a bad one fails loudly.
 * @throws Error naming the bad option.
 */
export function assertWorkerOptions(options: KafkaWorkerOptions): void {
  const problems: string[] = [];
  if (
    !options.client?.brokers ||
    (Array.isArray(options.client.brokers) && options.client.brokers.length === 0)
  ) {
    problems.push('client.brokers must list at least one broker');
  }
  if (!options.groupId) problems.push('groupId is required');
  if (options.kafkaClient !== undefined && !KAFKA_CLIENTS.includes(options.kafkaClient)) {
    problems.push(
      `kafkaClient must be one of ${KAFKA_CLIENTS.join(', ')} (got ${options.kafkaClient})`,
    );
  }
  if (!options.source) problems.push('source is required');
  if (!Array.isArray(options.subscriptions) || options.subscriptions.length === 0) {
    problems.push('subscriptions must name at least one topic');
  }
  const facts = factTopicsOf(options.subscriptions ?? []);
  for (const spec of options.provision ?? []) {
    if (facts.has(spec.topic)) {
      problems.push(
        `provision must not list ${spec.topic}: it is another service's topic, which its owner provisions`,
      );
    }
  }
  const retry = options.retry ?? {};
  for (const name of [
    'initialDelayMs',
    'maxDelayMs',
    'maxAttempts',
    'heartbeatIntervalMs',
  ] as const) {
    const value = retry[name];
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      problems.push(`retry.${name} must be a positive number (got ${value})`);
    }
  }
  for (const name of [
    'partitionsConsumedConcurrently',
    'maxBatchSize',
    'shutdownBudgetMs',
    'deduplicationWindowMs',
    'maxDeadLetterBytes',
    'outboxStuckAfterMs',
    'outboxCheckIntervalMs',
    'ownerTopicPollMs',
  ] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      problems.push(`${name} must be a positive integer (got ${value})`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid worker options: ${problems.join('; ')}.`);
}
