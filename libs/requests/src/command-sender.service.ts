import { createEvent, encodeEvent, EventDefinition, PayloadOf } from '@app/events';
import {
  adminFor,
  BrokerConnectionError,
  BrokerProducer,
  DEFAULT_KAFKA_CLIENT,
  producerFor,
  RecordRefusedError,
} from '@app/kafka';
import { inSpan, SpanKind, startSpan } from '@app/observability';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { REQUESTS_OPTIONS, RequestsModuleOptions } from './requests.options';
import { BrokerUnavailableException } from './too-busy';

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
   * Validates and publishes one command carrying the tracking id; resolves once the broker
   * acknowledged it. The command starts a flow: its tracking id is the flow's correlation id, it
   * has no causation id (an HTTP request is not an event), and it carries the trace context of a
   * producer span, child of the request's span (a new trace outside a traced request). A caller
   * that acts for one customer is named in `onBehalfOf`, for the worker's ownership checks.
   * @throws SchemaViolationError when the payload does not match the command's schema.
   * @throws BrokerUnavailableException when the broker did not take it (a 503: the client sends
   *   it again with the same Idempotency-Key, so a command the broker did take is not run twice).
   */
  async send<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    trackingId: string,
    onBehalfOf?: string,
  ): Promise<void> {
    const target = this.options.catalogue.resolve(definition);
    const span = startSpan(`send ${target.type}`, SpanKind.PRODUCER);
    await inSpan(span, async () => {
      // The request starts a flow: its tracking id names the flow in every event that follows.
      const envelope = createEvent(target, payload, {
        source: this.options.source,
        trackingId,
        correlationId: trackingId,
        ...span.headers,
        ...(onBehalfOf !== undefined && { onBehalfOf }),
      });
      const { topic, key, value, headers } = encodeEvent(target, envelope);
      await this.producer.send([{ topic, key, value, headers }]).catch((error: unknown) => {
        // A refusal of the record or of this client's credentials is not cured by sending again.
        if (error instanceof RecordRefusedError || error instanceof BrokerConnectionError)
          throw error;
        throw new BrokerUnavailableException(error);
      });
    });
  }
}
