/**
 * Our CloudEvents Kafka codec against the CloudEvents SDK's Kafka binding (`cloudevents`), per
 * event: encode (create + binary-mode message) and decode (message + payload validated by the
 * same zod schema, which the SDK does not do). Also prints where the two wire formats differ.
 * No server needed: `npx ts-node --transpile-only -r tsconfig-paths/register bench/codec/cloudevents-sdk.ts`
 */
import {
  createEvent,
  CreateCustomer,
  customersCatalogue,
  decodeEvent,
  encodeEvent,
  RawEvent,
} from '@app/events';
import { CloudEvent, Kafka } from 'cloudevents';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';

const EVENTS = Number(process.env.CODEC_EVENTS ?? 50_000);
const ROUNDS = 3;

const payloads = Array.from({ length: 1_000 }, (_, i) => ({
  customerId: randomUUID(),
  name: `Customer ${i}`,
  email: `customer-${i}@example.com`,
  address: { street: `${i} Rue Neuve`, city: 'Brussels', postalCode: '1000', country: 'BE' },
}));

function ours(): number {
  let bytes = 0;
  for (let i = 0; i < EVENTS; i++) {
    const event = createEvent(CreateCustomer, payloads[i % payloads.length], {
      source: 'bench',
      trackingId: `t-${i}`,
    });
    const message = encodeEvent(CreateCustomer, event);
    const raw: RawEvent = { key: message.key, value: message.value, headers: message.headers };
    bytes += decodeEvent(customersCatalogue, raw).key.length;
  }
  return bytes;
}

function sdk(): number {
  let bytes = 0;
  for (let i = 0; i < EVENTS; i++) {
    const payload = CreateCustomer.schema.parse(payloads[i % payloads.length]);
    const event = new CloudEvent({
      id: randomUUID(),
      source: 'bench',
      type: CreateCustomer.type,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      dataversion: '1',
      trackingid: `t-${i}`,
      data: payload,
    });
    const message = Kafka.binary(event);
    const wire = {
      ...message,
      key: payload.customerId,
      value: Buffer.from(JSON.stringify(message.value)),
    };
    const decoded = Kafka.toEvent(wire) as CloudEvent<unknown>;
    const data = CreateCustomer.schema.parse(
      typeof decoded.data === 'string' ? JSON.parse(decoded.data) : decoded.data,
    );
    bytes += data.customerId.length;
  }
  return bytes;
}

function microsPerEvent(run: () => number): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1_000 / EVENTS;
}

function wireDifference(): string[] {
  const payload = payloads[0];
  const event = createEvent(CreateCustomer, payload, { source: 'bench', trackingId: 't-1' });
  const oursHeaders = encodeEvent(CreateCustomer, event).headers;
  const sdkHeaders = Kafka.binary(
    new CloudEvent({
      id: event.id,
      source: event.source,
      type: event.type,
      time: event.time.toISOString(),
      datacontenttype: 'application/json',
      dataversion: '1',
      trackingid: 't-1',
      data: payload,
    }),
  ).headers as Record<string, unknown>;
  const names = new Set([...Object.keys(oursHeaders), ...Object.keys(sdkHeaders)]);
  return [...names]
    .filter((name) => oursHeaders[name] !== sdkHeaders[name])
    .map(
      (name) =>
        `${name}: ours ${JSON.stringify(oursHeaders[name])}, sdk ${JSON.stringify(sdkHeaders[name])}`,
    );
}

ours();
sdk(); // warm both up
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let round = 1; round <= ROUNDS; round++) {
  const a = microsPerEvent(ours);
  const b = microsPerEvent(sdk);
  console.log(
    `round ${round}: ours ${a.toFixed(1)} µs/event, CloudEvents SDK ${b.toFixed(1)} µs/event (${(b / a).toFixed(2)}x)`,
  );
}
console.log('headers that differ on the wire for the same event:');
for (const line of wireDifference()) console.log(`  ${line}`);
