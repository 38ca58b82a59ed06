export {
  CloudEventHeaders,
  CLOUD_EVENTS_SPEC_VERSION,
  JSON_CONTENT_TYPE,
} from './cloud-event-headers.constants';
export { DeadLetterHeaders } from './dead-letter-headers.constants';
export {
  ConsumerGroups,
  Topics,
  deadLetterTopicOf,
  groupDeadLetterTopicOf,
} from './topics.constants';
export { defineEvent } from './event-definition';
export type { EventDefinition, EventSpec, PayloadOf, Upcaster } from './event-definition';
export { EventCatalogue } from './event-catalogue';
export type {
  EncodedEvent,
  EventEnvelope,
  ObservedPayload,
  RawEvent,
  RawHeaderValue,
} from './event-envelope';
export {
  createEvent,
  decodeEvent,
  decodeObservedEvent,
  encodeEvent,
  readHeader,
  readTrackingId,
} from './event-codec';
export type { EventMetadata } from './event-codec';
export { requestRejectedSchema } from './request-rejected.schema';
export type { RequestRejectedPayload } from './request-rejected.schema';
export { EventError } from './errors/event.error';
export { InvalidEventDefinitionError } from './errors/invalid-event-definition.error';
export { MalformedEventError } from './errors/malformed-event.error';
export { MissingHeaderError } from './errors/missing-header.error';
export { SchemaViolationError } from './errors/schema-violation.error';
export { UnknownEventTypeError } from './errors/unknown-event-type.error';
export { UnknownEventVersionError } from './errors/unknown-event-version.error';
export { UnsupportedContentTypeError } from './errors/unsupported-content-type.error';
export { UnsupportedSpecVersionError } from './errors/unsupported-spec-version.error';
export * from './catalogue/customers/customer.schema';
export { CreateCustomer } from './catalogue/customers/create-customer.event';
export { UpdateCustomer } from './catalogue/customers/update-customer.event';
export { DeleteCustomer } from './catalogue/customers/delete-customer.event';
export { CustomerCreated } from './catalogue/customers/customer-created.event';
export { CustomerUpdated } from './catalogue/customers/customer-updated.event';
export { CustomerDeleted } from './catalogue/customers/customer-deleted.event';
export { CustomerRequestRejected } from './catalogue/customers/customer-request-rejected.event';
export { customersCatalogue } from './catalogue/customers/customers.catalogue';
export { stableUuid } from './stable-uuid';
export { isStorableText, storableText, toStorableText } from './schema/stored-text';
export { incompatibilities } from './compatibility/schema-compatibility';
export type { Incompatibility, JsonSchema } from './compatibility/schema-compatibility';
export { checkSnapshot, explain, recordSnapshots } from './compatibility/schema-snapshots';
export type { SnapshotCheck } from './compatibility/schema-snapshots';
export { asyncApiDocument } from './asyncapi/asyncapi-document';
export type { AsyncApiService } from './asyncapi/asyncapi-document';
export * from './catalogue/orders/order.schema';
export { OrderPlaced } from './catalogue/orders/order-placed.event';
export { OrderCancelled } from './catalogue/orders/order-cancelled.event';
export { OrderPaid } from './catalogue/orders/order-paid.event';
export { OrderPaymentFailed } from './catalogue/orders/order-payment-failed.event';
export { PlaceOrder } from './catalogue/orders/place-order.event';
export { CancelOrder } from './catalogue/orders/cancel-order.event';
export { OrderRequestRejected } from './catalogue/orders/order-request-rejected.event';
export { ordersCatalogue } from './catalogue/orders/orders.catalogue';
export { ShipmentDispatched } from './catalogue/shipping/shipment-dispatched.event';
export * from './catalogue/pricing/price.schema';
export { SetBasePrice } from './catalogue/pricing/set-base-price.event';
export { BasePriceSet } from './catalogue/pricing/base-price-set.event';
export { PriceChanged } from './catalogue/pricing/price-changed.event';
export { PricingRequestRejected } from './catalogue/pricing/pricing-request-rejected.event';
export { pricingCatalogue } from './catalogue/pricing/pricing.catalogue';
export * from './catalogue/shipping/shipment.schema';
export { DispatchShipment } from './catalogue/shipping/dispatch-shipment.event';
export { ShipmentCreated } from './catalogue/shipping/shipment-created.event';
export { ShipmentAddressed } from './catalogue/shipping/shipment-addressed.event';
export { ShipmentReaddressed } from './catalogue/shipping/shipment-readdressed.event';
export { ShipmentCancelled } from './catalogue/shipping/shipment-cancelled.event';
export { ShipmentUndeliverable } from './catalogue/shipping/shipment-undeliverable.event';
export { ShippingRequestRejected } from './catalogue/shipping/shipping-request-rejected.event';
export { shippingCatalogue } from './catalogue/shipping/shipping.catalogue';
export * from './catalogue/payments/payment.schema';
export { OpenAccount } from './catalogue/payments/open-account.event';
export { CloseAccount } from './catalogue/payments/close-account.event';
export { DepositFunds } from './catalogue/payments/deposit-funds.event';
export { RequestPayment } from './catalogue/payments/request-payment.event';
export { PaymentDebit } from './catalogue/payments/payment-debit.event';
export { PaymentCredit } from './catalogue/payments/payment-credit.event';
export { PaymentReversal } from './catalogue/payments/payment-reversal.event';
export { AccountOpened } from './catalogue/payments/account-opened.event';
export { AccountClosed } from './catalogue/payments/account-closed.event';
export { FundsDeposited } from './catalogue/payments/funds-deposited.event';
export { PaymentCompleted } from './catalogue/payments/payment-completed.event';
export { PaymentFailed } from './catalogue/payments/payment-failed.event';
export { PaymentRequestRejected } from './catalogue/payments/payment-request-rejected.event';
export * from './catalogue/payments/order-charge.schema';
export { OrderCharged } from './catalogue/payments/order-charged.event';
export { OrderChargeFailed } from './catalogue/payments/order-charge-failed.event';
export { OrderRefunded } from './catalogue/payments/order-refunded.event';
export { OrderRefundFailed } from './catalogue/payments/order-refund-failed.event';
export { paymentsCatalogue } from './catalogue/payments/payments.catalogue';
export * from './catalogue/flows/flow.schema';
export { AcknowledgeFlow } from './catalogue/flows/acknowledge-flow.event';
export { FlowAcknowledged } from './catalogue/flows/flow-acknowledged.event';
export { FlowRequestRejected } from './catalogue/flows/flow-request-rejected.event';
export { flowsCatalogue } from './catalogue/flows/flows.catalogue';
