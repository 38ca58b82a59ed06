import { KafkaWorkerOptions } from '@app/kafka';

/** A Kafka client the worker contract runs on, as the options that choose it. */
export type ClientUnderTest = readonly [name: string, options: Partial<KafkaWorkerOptions>];

/** kafkajs: the classic group protocol, eager assignment. */
export const KAFKAJS: ClientUnderTest = ['kafkajs', { kafkaClient: 'kafkajs' }];

/** librdkafka on the consumer group protocol (KIP-848): its default. */
export const LIBRDKAFKA: ClientUnderTest = [
  'librdkafka (KIP-848)',
  { kafkaClient: 'librdkafka', librdkafka: { groupProtocol: 'consumer' } },
];

/**
 * librdkafka on the classic protocol with cooperative-sticky assignment. The cases that wait for
 * a dead member's session to expire run librdkafka on it: under KIP-848 the broker owns the
 * session timeout, 45 s at least by default (`group.consumer.min.session.timeout.ms`).
 */
export const LIBRDKAFKA_CLASSIC: ClientUnderTest = [
  'librdkafka (classic, cooperative-sticky)',
  { kafkaClient: 'librdkafka', librdkafka: { groupProtocol: 'classic' } },
];

/** The clients every broker-facing contract case runs on. */
export const CONTRACT_CLIENTS: readonly ClientUnderTest[] = [KAFKAJS, LIBRDKAFKA];
