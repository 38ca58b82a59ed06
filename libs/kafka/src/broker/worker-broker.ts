import { BrokerAdmin } from './broker-admin';
import { BrokerConsumer } from './broker-consumer';
import { BrokerProducer } from './broker-producer';

/** The broker ports a worker runs on: kafkajs by default, any client behind the same interfaces. */
export interface WorkerBroker {
  readonly consumer: BrokerConsumer;
  readonly producer: BrokerProducer;
  readonly admin: BrokerAdmin;
}
