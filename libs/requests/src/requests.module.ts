import { DynamicModule, Module } from '@nestjs/common';
import { CommandRequests } from './command-requests.service';
import { CommandSender } from './command-sender.service';
import { RequestOutcomes } from './request-outcomes.service';
import { RequestStatusController } from './request-status.controller';
import { REQUESTS_OPTIONS, RequestsModuleOptions } from './requests.options';

/**
 * Gives an API what it needs to take writes as commands: a producer, outcome reading and
 * waiting, and `GET /requests/:trackingId`. Needs the app's DataSource (PersistenceModule).
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
      ],
      controllers: [RequestStatusController],
      exports: [CommandSender, RequestOutcomes, CommandRequests],
    };
  }
}
