import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { CommandRequests } from './command-requests.service';
import { CommandSender } from './command-sender.service';
import { RequestOutcomes } from './request-outcomes.service';
import { RequestStatusController } from './request-status.controller';
import { REQUESTS_OPTIONS, RequestsModuleOptions } from './requests.options';
import { RetryLaterFilter } from './retry-later.filter';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * Gives an API what it needs to take writes as commands: a producer, outcome reading and
 * waiting, `GET /requests/:trackingId`, and the validation of every parameter typed with a
 * `createZodDto` class. Needs the app's DataSource (PersistenceModule).
 */
@Module({})
export class RequestsModule {
  static forRoot(options: RequestsModuleOptions): DynamicModule {
    if (!options.kafka.brokers.length)
      throw new Error('RequestsModule: kafka.brokers must list a broker.');
    if (!options.source) throw new Error('RequestsModule: source is required.');
    return {
      module: RequestsModule,
      global: true,
      providers: [
        { provide: REQUESTS_OPTIONS, useValue: options },
        CommandSender,
        RequestOutcomes,
        CommandRequests,
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: RetryLaterFilter },
      ],
      controllers: [RequestStatusController],
      exports: [CommandSender, RequestOutcomes, CommandRequests],
    };
  }
}
