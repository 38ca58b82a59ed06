import { EventCatalogue } from '@app/events';
import { KafkaClientName, ProducerClientOptions, TopicSpec } from '@app/kafka';
import { DatabaseTls } from '@app/persistence';

/** Configures how an API publishes commands and answers with their outcomes. */
export interface RequestsModuleOptions {
  /** The service's catalogue (possibly with a topic prefix): commands take their topics from it. */
  readonly catalogue: EventCatalogue;
  readonly kafka: ProducerClientOptions;
  /** The Kafka client that publishes. @default DEFAULT_KAFKA_CLIENT of @app/kafka */
  readonly kafkaClient?: KafkaClientName;
  /** A `postgresql://` URL for the LISTEN connection that hears outcomes. */
  readonly databaseUrl: string;
  /** TLS of the LISTEN connection, as the service's DataSource has it. */
  readonly databaseTls?: DatabaseTls;
  /** `ce_source` of the commands this API publishes. */
  readonly source: string;
  /** The longest `Prefer: wait` honoured, in seconds. @default 30 */
  readonly maxWaitSeconds?: number;
  /** How many `Prefer: wait` requests one replica holds at once; more are answered 503. @default 1000 */
  readonly maxConcurrentWaits?: number;
  /** HTTP status per rejection code; unlisted codes answer 422. */
  readonly rejectionStatuses?: Readonly<Record<string, number>>;
  /** Topics to create (or grow) at start, so that commands can be taken before any worker runs. */
  readonly provision?: readonly TopicSpec[];
}

/** Injection token of the options. */
export const REQUESTS_OPTIONS = Symbol('REQUESTS_OPTIONS');

/** The longest `Prefer: wait` honoured when the options say nothing. */
export const DEFAULT_MAX_WAIT_SECONDS = 30;

/** How many `Prefer: wait` requests a replica holds at once when the options say nothing. */
export const DEFAULT_MAX_CONCURRENT_WAITS = 1000;
