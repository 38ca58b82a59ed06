import { EventDefinition, PayloadOf } from '@app/events';
import { RequestOutcome } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { CommandSender } from './command-sender.service';
import {
  AcceptedResponse,
  OutcomeResponse,
  outcomeResponse,
  pendingResponse,
} from './outcome-response';
import { parsePreferWait } from './prefer-wait';
import { RequestOutcomes } from './request-outcomes.service';
import {
  DEFAULT_MAX_WAIT_SECONDS,
  REQUESTS_OPTIONS,
  RequestsModuleOptions,
} from './requests.options';

/**
 * Turns an HTTP write into a command event and answers: at once with 202 and where to look, or,
 * when the client sent `Prefer: wait=N`, with the outcome as soon as any worker records it.
 */
@Injectable()
export class CommandRequests {
  constructor(
    private readonly sender: CommandSender,
    private readonly outcomes: RequestOutcomes,
    @Inject(REQUESTS_OPTIONS) private readonly options: RequestsModuleOptions,
  ) {}

  /**
   * Publishes the command unless this tracking id already has an outcome (a repeated
   * Idempotency-Key gets the first outcome back and never runs twice), then answers.
   */
  async submit<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    trackingId: string,
    prefer: string | string[] | undefined,
    accepted: AcceptedResponse,
  ): Promise<OutcomeResponse> {
    const known = await this.outcomes.find(trackingId);
    if (known) return outcomeResponse(known, accepted, this.rejectionStatuses());
    await this.sender.send(definition, payload, trackingId);
    return this.answer(trackingId, prefer, accepted);
  }

  /** Answers 202 at once, or, when the client asked to wait, the outcome as soon as it exists (202 after the wait). */
  async answer(
    trackingId: string,
    prefer: string | string[] | undefined,
    accepted: AcceptedResponse,
  ): Promise<OutcomeResponse> {
    const wait = this.waitSeconds(prefer);
    if (wait === undefined) return pendingResponse(trackingId);
    const outcome = await this.outcomes.waitFor(trackingId, wait);
    return outcome
      ? outcomeResponse(outcome, accepted, this.rejectionStatuses())
      : pendingResponse(trackingId);
  }

  /** Reads a request's outcome, first waiting for it when the client sent `Prefer: wait=N`. */
  async outcome(
    trackingId: string,
    prefer: string | string[] | undefined,
  ): Promise<RequestOutcome | null> {
    const wait = this.waitSeconds(prefer);
    return wait === undefined
      ? this.outcomes.find(trackingId)
      : this.outcomes.waitFor(trackingId, wait);
  }

  /** Returns the seconds the client asked to wait, capped by the configured maximum. */
  private waitSeconds(prefer: string | string[] | undefined): number | undefined {
    return parsePreferWait(prefer, this.options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS);
  }

  private rejectionStatuses(): Readonly<Record<string, number>> {
    return this.options.rejectionStatuses ?? {};
  }
}
