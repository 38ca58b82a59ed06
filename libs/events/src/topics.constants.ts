/** Names every Kafka topic of the system; apps refer to topics only through these constants. */
export const Topics = {
  customerCommands: 'customers.commands',
  customerEvents: 'customers.events',
  orderCommands: 'orders.commands',
  orderEvents: 'orders.events',
  shippingCommands: 'shipping.commands',
  shippingEvents: 'shipping.events',
  pricingCommands: 'pricing.commands',
  pricingEvents: 'pricing.events',
  paymentCommands: 'payments.commands',
  paymentEvents: 'payments.events',
  flowCommands: 'flows.commands',
  flowEvents: 'flows.events',
} as const;

/**
 * Names every Kafka consumer group id of the system.
 *
 * Warning: renaming a group id starts a new group with no stored position, so the renamed
 * consumer re-reads the whole topic. Change a value here only as a deliberate migration.
 */
export const ConsumerGroups = {
  customersWorker: 'customers-worker',
  ordersWorker: 'orders-worker',
  shippingWorker: 'shipping-worker',
  pricingWorker: 'pricing-worker',
  paymentsWorker: 'payments-worker',
  flowsWorker: 'flows-worker',
} as const;

/**
 * Returns the name of the dead-letter topic that receives the permanent failures of `topic`,
 * a service's own input topic.
 */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Returns the name of the dead-letter topic of one consumer group reading another service's
 * topic: each group sets its poison apart in a topic of its own, never mixed with another
 * reader's.
 */
export function groupDeadLetterTopicOf(groupId: string, topic: string): string {
  return `${groupId}.${topic}.dlq`;
}
