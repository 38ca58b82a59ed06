import { customersService } from '@app/customers';
import {
  ConsumerGroups,
  DeadLetterHeaders,
  deadLetterTopicOf,
  EventEnvelope,
  groupDeadLetterTopicOf,
  ObservedPayload,
} from '@app/events';
import { ordersService } from '@app/orders';
import { paymentsService } from '@app/payments';
import { pricingService } from '@app/pricing';
import { ServiceDefinition } from '@app/service';
import { shippingService } from '@app/shipping';
import { Hop, HopKinds } from './flow-rules';

/**
 * The services whose flows the view follows, each with its worker's consumer group (its
 * dead-letter topics of other services' facts are named after it).
 */
const OBSERVED: readonly { readonly service: ServiceDefinition; readonly group: string }[] = [
  { service: customersService, group: ConsumerGroups.customersWorker },
  { service: ordersService, group: ConsumerGroups.ordersWorker },
  { service: paymentsService, group: ConsumerGroups.paymentsWorker },
  { service: shippingService, group: ConsumerGroups.shippingWorker },
  { service: pricingService, group: ConsumerGroups.pricingWorker },
];

/**
 * Returns the topics the flows worker observes, with the environment's topic prefix: every
 * followed service's input and output topics, the dead-letter topic of its input, and the
 * dead-letter topic of each other service's topic its worker reads facts from.
 */
export function flowInputsOf(prefix: string): string[] {
  return OBSERVED.flatMap(({ service, group }) => {
    const commands = `${prefix}${service.topics.commands}`;
    return [
      commands,
      `${prefix}${service.topics.events}`,
      deadLetterTopicOf(commands),
      ...(service.consumes ?? []).map((facts) =>
        groupDeadLetterTopicOf(`${prefix}${group}`, `${prefix}${facts.topic}`),
      ),
    ];
  });
}

/** A hop and the flow it belongs to. */
export interface FlowHop {
  readonly correlationId: string;
  readonly hop: Hop;
}

/**
 * Reads the hop an observed record is; undefined for a record that names no flow (no
 * `ce_correlationid`: a hand-made event, or one older than correlation ids).
 */
export function flowHopOf(event: EventEnvelope<ObservedPayload>): FlowHop | undefined {
  if (event.correlationId === undefined) return undefined;
  const { topic, headers } = event.payload;
  const group = headers[DeadLetterHeaders.consumerGroup];
  const isDeadLetter = headers[DeadLetterHeaders.originalTopic] !== undefined;
  const hop: Hop = {
    topic,
    eventId: event.id,
    type: event.type,
    service: isDeadLetter && group ? serviceOfGroup(group) : serviceOfSource(event.source),
    kind: isDeadLetter
      ? HopKinds.deadLetter
      : headers[DeadLetterHeaders.replayedFrom] !== undefined
        ? HopKinds.replayed
        : kindOfTopic(topic),
    time: event.time,
    ...(event.causationId === undefined ? {} : { causationId: event.causationId }),
    ...(event.key === '' ? {} : { subject: event.key }),
    ...(isDeadLetter
      ? {
          deadLetter: {
            code: headers[DeadLetterHeaders.errorCode] ?? 'unknown',
            reason: headers[DeadLetterHeaders.errorMessage] ?? '',
          },
        }
      : {}),
  };
  return { correlationId: event.correlationId, hop };
}

function kindOfTopic(topic: string): Hop['kind'] {
  return OBSERVED.some(({ service }) => topic.endsWith(service.topics.commands))
    ? HopKinds.command
    : HopKinds.fact;
}

/** `orders` of `orders-api` or `orders-worker` (a `ce_source`). */
function serviceOfSource(source: string): string {
  return source.replace(/-(api|worker)$/, '');
}

/** `payments` of the (possibly prefixed) group `payments-worker`. */
function serviceOfGroup(group: string): string {
  const found = OBSERVED.find((observed) => group.endsWith(observed.group));
  return found ? found.service.name : group;
}
