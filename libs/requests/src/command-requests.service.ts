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
import { RequestTracking } from './tracking-id';
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
   * Idempotency-Key gets the first outcome back and never runs twice), then answers. A fresh
   * tracking id has no outcome to look up, and its wait starts before the command is sent.
   * @param onBehalfOf the customer the caller acts for (see `onBehalfOf` of `@app/auth`), if one
   */
  async submit<D extends EventDefinition>(
    definition: D,
    payload: PayloadOf<D>,
    tracking: RequestTracking,
    prefer: string | string[] | undefined,
    accepted: AcceptedResponse,
    onBehalfOf?: string,
  ): Promise<OutcomeResponse> {
    const send = () => this.sender.send(definition, payload, tracking.id, onBehalfOf);
    if (!tracking.fresh) {
      const known = await this.outcomes.find(tracking.id);
      if (known) return outcomeResponse(known, accepted, this.rejectionStatuses());
    }
    const wait = this.waitSeconds(prefer);
    if (wait !== undefined && tracking.fresh) {
      const outcome = await this.outcomes.waitFor(tracking.id, wait, send);
      return this.respond(tracking.id, outcome, accepted);
    }
    await send();
    return this.answer(tracking.id, prefer, accepted);
  }

  /** Answers 202 at once, or, when the client asked to wait, the outcome as soon as it exists (202 after the wait). */
  async answer(
    trackingId: string,
    prefer: string | string[] | undefined,
    accepted: AcceptedResponse,
  ): Promise<OutcomeResponse> {
    const wait = this.waitSeconds(prefer);
    if (wait === undefined) return pendingResponse(trackingId);
    return this.respond(trackingId, await this.outcomes.waitFor(trackingId, wait), accepted);
  }

  private respond(
    trackingId: string,
    outcome: RequestOutcome | null,
    accepted: AcceptedResponse,
  ): OutcomeResponse {
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
