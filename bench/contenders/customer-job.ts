import { brokerList, positiveInt, postgresUrl, schemaName } from '@app/config';
import { CustomerRejections } from '@app/customers';
import {
  Address,
  CreateCustomer,
  createEvent,
  CustomerCreated,
  CustomerRequestRejected,
  customersCatalogue,
  CustomerState,
  customerStateSchema,
  decodeEvent,
  EncodedEvent,
  encodeEvent,
  EventEnvelope,
  PayloadOf,
  RawEvent,
  stableUuid,
} from '@app/events';
import { z } from 'zod';

// What every benchmark contender shares: its configuration, its shutdown, and the customers
// worker's create-customer job without a transport (decode, decide, build the output event).

/** Validates the environment every contender is configured by. */
export const contenderConfigSchema = z.object({
  /** Comma-separated host:port list. */
  KAFKA_BROKERS: brokerList,
  DATABASE_URL: postgresUrl,
  /** An existing schema, migrated with the customers and worker tables. */
  DATABASE_SCHEMA: schemaName,
  INPUT_TOPIC: z.string().min(1),
  OUTPUT_TOPIC: z.string().min(1),
  GROUP_ID: z.string().min(1),
  /** Partitions consumed concurrently. @default 4 */
  CONCURRENCY: positiveInt.default(4),
  /** `1`: also make our worker's guarantee writes (raw-kafkajs/guarantee-writes.ts). @default 0 */
  GUARANTEES: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
  /**
   * `1`: announce each outcome on our NOTIFY channel, as our worker does, so that our API's
   * waited requests can be answered by this contender (the request path's floor). @default 0
   */
  ANNOUNCE: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
});

/** A contender's validated configuration. */
export type ContenderConfig = z.output<typeof contenderConfigSchema>;

/** Names the `ce_source` of the output events: the customers worker's. */
export const OUTPUT_SOURCE = 'customers-worker';

/** A decoded `customers.create-customer` command. */
export type CreateCustomerCommand = EventEnvelope<PayloadOf<typeof CreateCustomer>>;

/** What became of a command, as `request_outcomes` stores it. */
export type Outcome =
  | { status: 'accepted'; eventType: string; result: CustomerState }
  | { status: 'rejected'; eventType: string; reasonCode: string; reason: string };

/** A row of `request_outcomes`, as read back. */
export interface OutcomeRow {
  status: string;
  event_type: string | null;
  reason_code: string | null;
  reason: string | null;
  result: unknown;
}

/** A row to insert into `customers`. */
export interface NewCustomer {
  customerId: string;
  name: string;
  email: string;
  address: Address;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Decodes a consumed message with the events codec, so validation is the worker's.
 * @throws EventError when the message is not a valid event; Error when it is not a create.
 */
export function decodeCreateCustomer(raw: RawEvent): CreateCustomerCommand {
  const event = decodeEvent(customersCatalogue, raw);
  if (event.type !== CreateCustomer.type) {
    throw new Error(`Event ${event.id} is a '${event.type}', not a '${CreateCustomer.type}'`);
  }
  // decodeEvent parsed the payload with CreateCustomer's own schema.
  return event as CreateCustomerCommand;
}

/** Holds the customer ids and emails already taken: in the table or earlier in the batch. */
export class TakenCustomers {
  private readonly ids = new Set<string>();
  private readonly emails = new Set<string>();

  constructor(existing: Iterable<{ customerId: string; email: string }>) {
    for (const customer of existing) this.take(customer);
  }

  /** Marks a customer's id and email as taken. */
  take(customer: { customerId: string; email: string }): void {
    this.ids.add(customer.customerId);
    this.emails.add(customer.email);
  }

  /** Decides a command as the worker's handler does; an accepted customer is taken at once. */
  decide(command: CreateCustomerCommand): { outcome: Outcome; customer?: NewCustomer } {
    const { customerId, name, email, address } = command.payload;
    const eventType = command.type;
    const rejected = (reasonCode: string, reason: string): { outcome: Outcome } => ({
      outcome: { status: 'rejected', eventType, reasonCode, reason },
    });
    if (this.ids.has(customerId)) {
      return rejected(CustomerRejections.customerExists, `Customer ${customerId} already exists`);
    }
    if (this.emails.has(email)) {
      return rejected(CustomerRejections.emailTaken, `Email ${email} is already taken`);
    }
    this.take({ customerId, email });
    const result: CustomerState = { customerId, name, email, address, version: 1 };
    const customer = { ...result, createdAt: command.time, updatedAt: command.time };
    return { outcome: { status: 'accepted', eventType, result }, customer };
  }
}

/** Reads a stored outcome back. @throws ZodError when an accepted row's result is no CustomerState. */
export function outcomeOf(row: OutcomeRow): Outcome {
  const eventType = row.event_type ?? CreateCustomer.type;
  if (row.status === 'accepted') {
    return { status: 'accepted', eventType, result: customerStateSchema.parse(row.result) };
  }
  return {
    status: 'rejected',
    eventType,
    reasonCode: row.reason_code ?? 'rejected',
    reason: row.reason ?? '',
  };
}

/** Returns the column values of an outcome: tracking_id, status, event_type, reason_code, reason, result. */
export function outcomeColumns(trackingId: string, outcome: Outcome): (string | null)[] {
  const accepted = outcome.status === 'accepted';
  return [
    trackingId,
    outcome.status,
    outcome.eventType,
    accepted ? null : outcome.reasonCode,
    accepted ? null : outcome.reason,
    accepted ? JSON.stringify(outcome.result) : null,
  ];
}

/**
 * Builds the output event of a command's outcome, with ids derived from the command so that a
 * republication carries the same ids; null for a rejection without tracking id (the worker
 * answers only tracked requests).
 */
export function outputOf(
  command: CreateCustomerCommand,
  outcome: Outcome,
  topic: string,
): EncodedEvent | null {
  const metadata = {
    source: OUTPUT_SOURCE,
    trackingId: command.trackingId,
    causationId: command.id,
  };
  if (outcome.status === 'accepted') {
    const id = stableUuid(`${command.id}/0`);
    const event = createEvent(CustomerCreated, outcome.result, { ...metadata, id });
    return { ...encodeEvent(CustomerCreated, event), topic };
  }
  if (command.trackingId === undefined) return null;
  const payload = {
    trackingId: command.trackingId,
    code: outcome.reasonCode,
    reason: outcome.reason,
    rejectedType: outcome.eventType,
  };
  const event = createEvent(CustomerRequestRejected, payload, {
    ...metadata,
    id: `${command.id}:rejected`,
  });
  return { ...encodeEvent(CustomerRequestRejected, event), topic };
}

/**
 * Runs `stop` once, on SIGTERM or when the parent process dies: `npx` runs a contender under
 * `sh -c`, which does not pass SIGTERM on, so a signal to npx alone would orphan it.
 */
export function stopOnTermination(stop: () => Promise<void>): void {
  const parent = process.ppid;
  let stopping = false;
  const stopOnce = (): void => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.once('SIGTERM', stopOnce);
  setInterval(() => {
    if (process.ppid !== parent) stopOnce();
  }, 1000).unref();
}

/** Describes an error for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
