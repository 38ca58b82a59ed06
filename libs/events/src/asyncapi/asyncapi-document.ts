import { z } from 'zod';
import { CloudEventHeaders, JSON_CONTENT_TYPE } from '../cloud-event-headers.constants';
import { EventCatalogue } from '../event-catalogue';
import { EventDefinition } from '../event-definition';

/** What the AsyncAPI document says of one app service: its events, topics and what it reads. */
export interface AsyncApiService {
  readonly name: string;
  /** Its own events, commands and facts. */
  readonly catalogue: EventCatalogue;
  /** Its input topic (commands its worker answers) and output topic (facts it publishes). */
  readonly topics: { readonly commands: string; readonly events: string };
  /** Other services' output topics its worker reads, with the owner's catalogue. */
  readonly consumes?: readonly { readonly topic: string; readonly catalogue: EventCatalogue }[];
  /** Other services' input topics its worker sends commands to, with the owner's catalogue. */
  readonly sends?: readonly { readonly topic: string; readonly catalogue: EventCatalogue }[];
}

type Json = Record<string, unknown>;

/** The CloudEvents Kafka headers every event carries (binary mode), as an AsyncAPI headers schema. */
const CLOUD_EVENT_HEADERS: Json = {
  type: 'object',
  required: [
    CloudEventHeaders.specVersion,
    CloudEventHeaders.id,
    CloudEventHeaders.source,
    CloudEventHeaders.type,
    CloudEventHeaders.time,
  ],
  properties: {
    [CloudEventHeaders.specVersion]: { type: 'string', const: '1.0' },
    [CloudEventHeaders.id]: {
      type: 'string',
      description: 'Unique per source; a copy with the same source and id is applied once.',
    },
    [CloudEventHeaders.source]: { type: 'string', description: 'The app that produced it.' },
    [CloudEventHeaders.type]: { type: 'string', description: 'The event type (the message name).' },
    [CloudEventHeaders.time]: { type: 'string', format: 'date-time' },
    [CloudEventHeaders.contentType]: { type: 'string', const: JSON_CONTENT_TYPE },
    [CloudEventHeaders.dataVersion]: {
      type: 'string',
      description: 'The payload schema version; absent means 1. Older versions are upcast.',
    },
    [CloudEventHeaders.trackingId]: {
      type: 'string',
      description: 'The request it answers or belongs to (GET /requests/{trackingId}).',
    },
    [CloudEventHeaders.causationId]: {
      type: 'string',
      description:
        'The id of the event whose handling produced it; absent on a command an API sent for an HTTP request.',
    },
    [CloudEventHeaders.correlationId]: {
      type: 'string',
      description:
        'The request that started its flow (the tracking id an API gave it), carried unchanged through every hop and service.',
    },
    [CloudEventHeaders.traceparent]: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description:
        'W3C Trace Context of the span that produced it (CloudEvents distributed tracing): one trace id for the whole flow, across services.',
    },
    [CloudEventHeaders.tracestate]: {
      type: 'string',
      description: 'W3C tracestate of that span, when its trace carries one.',
    },
  },
};

/**
 * Builds the AsyncAPI 3 document of a landscape from its services: a channel per topic with the
 * events it carries (payload schemas from the catalogue, CloudEvents headers, the partition
 * key), and per service the operations it performs: its API sends commands, its worker receives
 * them and sends facts, receives the facts it consumes from other services, and sends commands
 * to other services it requests work of.
 */
export function asyncApiDocument(
  services: readonly AsyncApiService[],
  info: { title: string; version: string; description?: string },
): Json {
  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  const messages: Record<string, Json> = {};

  const channel = (topic: string, catalogue: EventCatalogue): string => {
    const id = idOf(topic);
    const carried = catalogue.all().filter((definition) => definition.topic === topic);
    for (const definition of carried) messages[idOf(definition.type)] ??= messageOf(definition);
    channels[id] ??= {
      address: topic,
      messages: Object.fromEntries(
        carried.map((d) => [idOf(d.type), { $ref: `#/components/messages/${idOf(d.type)}` }]),
      ),
    };
    return id;
  };
  const operation = (
    name: string,
    action: 'send' | 'receive',
    channelId: string,
    summary: string,
  ) => {
    operations[name] = { action, channel: { $ref: `#/channels/${channelId}` }, summary };
  };

  for (const service of services) {
    const commands = channel(service.topics.commands, service.catalogue);
    const events = channel(service.topics.events, service.catalogue);
    operation(
      `${service.name}-api.sendCommands`,
      'send',
      commands,
      `${service.name}'s API turns writes into commands`,
    );
    operation(
      `${service.name}-worker.receiveCommands`,
      'receive',
      commands,
      `${service.name}'s worker materializes its commands`,
    );
    operation(
      `${service.name}-worker.sendFacts`,
      'send',
      events,
      `${service.name}'s worker publishes what happened`,
    );
    for (const consumed of service.consumes ?? []) {
      const facts = channel(consumed.topic, consumed.catalogue);
      operation(
        `${service.name}-worker.receive.${facts}`,
        'receive',
        facts,
        `${service.name}'s worker reads ${consumed.topic}`,
      );
    }
    for (const sent of service.sends ?? []) {
      const commands = channel(sent.topic, sent.catalogue);
      operation(
        `${service.name}-worker.send.${commands}`,
        'send',
        commands,
        `${service.name}'s worker asks another service for work on ${sent.topic}`,
      );
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description && { description: info.description }),
    },
    defaultContentType: JSON_CONTENT_TYPE,
    channels,
    operations,
    components: { messages, schemas: { CloudEventHeaders: CLOUD_EVENT_HEADERS } },
  };
}

function messageOf(definition: EventDefinition): Json {
  const schema = z.toJSONSchema(definition.schema, { io: 'input', target: 'draft-7' }) as Json;
  delete schema.$schema;
  return {
    name: definition.type,
    title: definition.type,
    summary: `${definition.type}, version ${definition.version}`,
    contentType: JSON_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description: 'The partition key: events of one key keep their order.',
        },
        bindingVersion: '0.5.0',
      },
    },
  };
}

/** AsyncAPI ids allow letters, digits, '.', '_' and '-': a topic's other characters become '_'. */
function idOf(name: string): string {
  return name.replace(/[^\w.-]/g, '_');
}
