import { createEvent, encodeEvent, EventDefinition, PayloadOf } from '@app/events';
import { adminFor, BrokerProducer, DEFAULT_KAFKA_CLIENT, producerFor } from '@app/kafka';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { REQUESTS_OPTIONS, RequestsModuleOptions } from './requests.options';

/** Publishes commands as CloudEvents on their input topic, keyed by the entity they touch. */
@Injectable()
export class CommandSender implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: BrokerProducer;
  private connected = false;

  constructor(@Inject(REQUESTS_OPTIONS) private readonly options: RequestsModuleOptions) {
    this.producer = producerFor(options.kafkaClient ?? DEFAULT_KAFKA_CLIENT, options.kafka);
  }

  async onModuleInit(): Promise<void> {
    if (this.options.provision?.length) {
      const admin = adminFor(this.options.kafkaClient ?? DEFAULT_KAFKA_CLIENT, this.options.kafka);
      try {
        await admin.ensureTopics(this.options.provision);
      } finally {
        await admin.close();
      }
    }
    await this.producer.connect();
    this.connected = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Tells whether the producer is connected, for readiness. */
  isConnected(): boolean {
    return this.connected;
  }

  /**
   * Validates and publishes one command carrying the tracking id; resolves once the broker acknowledged it.
   * @throws SchemaViolationError when the payload does not match the command's schema.
   */
  async send<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    trackingId: string,
  ): Promise<void> {
    const target = this.options.catalogue.resolve(definition);
    const envelope = createEvent(target, payload, { source: this.options.source, trackingId });
    const encoded = encodeEvent(target, envelope);
    await this.producer.send([
      { topic: encoded.topic, key: encoded.key, value: encoded.value, headers: encoded.headers },
    ]);
  }
}
