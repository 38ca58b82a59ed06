import { RequestOutcome, RequestOutcomeRepository, RequestOutcomeWaiter } from '@app/persistence';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DEFAULT_MAX_CONCURRENT_WAITS,
  REQUESTS_OPTIONS,
  RequestsModuleOptions,
} from './requests.options';
import { Slots } from './too-busy';

/** Reads request outcomes and waits for them (LISTEN/NOTIFY, with polling as the fallback). */
@Injectable()
export class RequestOutcomes implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RequestOutcomes.name);
  private readonly repository: RequestOutcomeRepository;
  private readonly waiter: RequestOutcomeWaiter;
  private readonly waits: Slots;

  constructor(dataSource: DataSource, @Inject(REQUESTS_OPTIONS) options: RequestsModuleOptions) {
    this.repository = new RequestOutcomeRepository(dataSource);
    this.waiter = new RequestOutcomeWaiter(this.repository, {
      url: options.databaseUrl,
      tls: options.databaseTls,
      onError: (error) =>
        this.logger.warn(`Outcome LISTEN connection lost: ${String(error)}; polling meanwhile`),
    });
    this.waits = new Slots(options.maxConcurrentWaits ?? DEFAULT_MAX_CONCURRENT_WAITS);
  }

  async onModuleInit(): Promise<void> {
    await this.waiter.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.waiter.stop();
  }

  /** Reads a request's outcome, or null while it has none. */
  find(trackingId: string): Promise<RequestOutcome | null> {
    return this.repository.find(trackingId);
  }

  /**
   * Resolves with the outcome as soon as it exists, or null after `seconds`. `cause` (e.g. sending
   * the command) runs once the wait is registered; only for a tracking id new to this request.
   * @throws TooBusyException, before `cause` runs, when this replica already holds as many waits
   * as it may.
   */
  waitFor(
    trackingId: string,
    seconds: number,
    cause?: () => Promise<void>,
  ): Promise<RequestOutcome | null> {
    return this.waits.run(
      () => this.waiter.waitFor(trackingId, seconds * 1000, cause),
      'This replica holds as many Prefer: wait requests as it may; retry, or send without waiting',
    );
  }
}
