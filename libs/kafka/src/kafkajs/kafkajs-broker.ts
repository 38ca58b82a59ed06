import { Kafka, logLevel } from 'kafkajs';
import { WorkerBroker } from '../broker/worker-broker';
import { WorkerDefaults } from '../transport/kafka-worker.constants';
import { KafkaWorkerOptions } from '../transport/kafka-worker.options';
import { KafkajsAdmin } from './kafkajs-admin';
import { KafkajsConsumer } from './kafkajs-consumer';
import { KafkajsProducer } from './kafkajs-producer';

/** Builds the worker's broker ports on kafkajs from the worker options. */
export function kafkajsBroker(options: KafkaWorkerOptions): WorkerBroker {
  const kafka = new Kafka({ logLevel: logLevel.WARN, ...options.client });
  return {
    consumer: new KafkajsConsumer(
      kafka,
      options.groupId,
      {
        sessionTimeout: WorkerDefaults.sessionTimeoutMs,
        heartbeatInterval: WorkerDefaults.heartbeatIntervalMs,
        ...options.consumer,
      },
      options.partitionsConsumedConcurrently ?? WorkerDefaults.partitionsConsumedConcurrently,
      options.fromBeginning ?? WorkerDefaults.fromBeginning,
    ),
    producer: new KafkajsProducer(kafka, options.producer),
    admin: new KafkajsAdmin(kafka),
  };
}
