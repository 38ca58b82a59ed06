/**
 * Names the Kafka headers of the CloudEvents 1.0 Kafka protocol binding (binary mode) plus our
 * extensions, so no header name is ever spelled as a literal outside this library.
 *
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
 */
export const CloudEventHeaders = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  contentType: 'content-type',
  dataVersion: 'ce_dataversion',
  trackingId: 'ce_trackingid',
  causationId: 'ce_causationid',
  correlationId: 'ce_correlationid',
  /**
   * The W3C `traceparent` of the span that produced the event (CloudEvents distributed tracing
   * extension), so that one flow is one trace across every service it crosses.
   * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/extensions/distributed-tracing.md
   */
  traceparent: 'ce_traceparent',
  /** The W3C `tracestate` that goes with `traceparent`, when the trace has one. */
  tracestate: 'ce_tracestate',
  /**
   * The customer a command acts for, as the API's verified caller named it: the worker checks
   * ownership against its view. Trusted because only the service's API (and the services allowed
   * to send it commands) may write its input topic.
   */
  onBehalfOf: 'ce_onbehalfof',
} as const;

/** Names the only CloudEvents specification version that producers send and consumers accept. */
export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/** Names the content type of every event value: the payload as UTF-8 JSON. */
export const JSON_CONTENT_TYPE = 'application/json';
