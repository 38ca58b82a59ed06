import { Controller, Inject, OnApplicationBootstrap, Type } from '@nestjs/common';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  ContenderConfig,
  CreateCustomerCommand,
  decodeCreateCustomer,
  describeError,
  outputOf,
} from '../customer-job';
import { applyCommand } from './apply-command';
import { OUTPUT_CLIENT } from './nest-transport.constants';

/**
 * Creates the controller of the input topic. A factory because the topic comes from the
 * environment and `@EventPattern` needs it when the class is declared; ServerKafka subscribes
 * to every registered pattern as a topic name.
 */
export function createCustomerController(config: ContenderConfig): Type<unknown> {
  @Controller()
  class CreateCustomerController implements OnApplicationBootstrap {
    constructor(
      @InjectDataSource() private readonly dataSource: DataSource,
      @Inject(OUTPUT_CLIENT) private readonly client: ClientKafka,
    ) {}

    /** Connects the producer before the consumer starts, so the first event does not pay for it. */
    async onApplicationBootstrap(): Promise<void> {
      await this.client.connect();
    }

    /** Applies one event, publishes its output, then commits past it. */
    @EventPattern(config.INPUT_TOPIC)
    async handle(@Payload() _value: unknown, @Ctx() context: KafkaContext): Promise<void> {
      // The payload is the bare value; the codec needs headers and key too.
      const message = context.getMessage();
      const command = decoded(context);
      if (command !== null) {
        const outcome = await this.dataSource.transaction((manager) =>
          applyCommand(manager, command),
        );
        const output = outputOf(command, outcome, config.OUTPUT_TOPIC);
        if (output !== null) {
          // emit() sends at once (a hot observable); awaiting it waits for the broker's ack.
          const { key, value, headers } = output;
          await lastValueFrom(this.client.emit(config.OUTPUT_TOPIC, { key, value, headers }));
        }
      }
      await context.getConsumer().commitOffsets([
        {
          topic: context.getTopic(),
          partition: context.getPartition(),
          offset: (BigInt(message.offset) + 1n).toString(),
        },
      ]);
    }
  }
  return CreateCustomerController;
}

/** Decodes the raw message; an undecodable one is logged and skipped (the worker dead-letters it). */
function decoded(context: KafkaContext): CreateCustomerCommand | null {
  const message = context.getMessage();
  try {
    return decodeCreateCustomer({
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
    });
  } catch (error) {
    process.stderr.write(
      `skipping partition ${context.getPartition()} offset ${message.offset}: ${describeError(error)}\n`,
    );
    return null;
  }
}
