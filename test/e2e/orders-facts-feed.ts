import { createEvent, encodeEvent, OrderItem, OrderPlaced } from '@app/events';
import { stackConfig, TestDatabase, waitFor } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { Admin, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

/**
 * Plays the orders service for a reader of its facts that runs without it: creates the prefixed
 * `orders.events` (the owner provisions its topic, never the reader), writes `OrderPlaced` facts
 * there as orders' worker would, and moves a reader group back to the topic's beginning.
 */
export class OrdersFactsFeed {
  private readonly kafka = new Kafka({
    brokers: stackConfig().brokers,
    logLevel: logLevel.NOTHING,
  });
  private readonly admin: Admin = this.kafka.admin();
  private readonly producer: Producer = this.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });

  constructor(readonly topic: string) {}

  /** Connects and creates the topic with `partitions` partitions. */
  async open(partitions = 4): Promise<void> {
    await Promise.all([this.admin.connect(), this.producer.connect()]);
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: this.topic, numPartitions: partitions }],
    });
  }

  /** Writes one `OrderPlaced` fact of a new order with `items`, placed at `time`; returns its id. */
  async placed(items: readonly Omit<OrderItem, 'unitPrice'>[], time: Date): Promise<string> {
    const orderId = randomUUID();
    const lines = items.map((item) => ({ ...item, unitPrice: 100 }));
    const payload = {
      orderId,
      customerId: randomUUID(),
      items: lines,
      total: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      version: 1,
    };
    const event = encodeEvent(
      OrderPlaced,
      createEvent(OrderPlaced, payload, { source: 'orders-worker', time }),
    );
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [{ key: event.key, value: event.value, headers: event.headers }],
    });
    return orderId;
  }

  /**
   * Moves a group's committed offsets on the topic back to its beginning, as an operator's
   * `kafka-consumer-groups --reset-offsets --to-earliest` does, once its members have left.
   */
  async rewind(groupId: string): Promise<void> {
    await waitFor(
      async () => (await this.admin.describeGroups([groupId])).groups[0].state,
      (state) => state === 'Empty' || state === 'Dead',
      { what: `an empty consumer group ${groupId}` },
    );
    await this.admin.resetOffsets({ groupId, topic: this.topic, earliest: true });
  }

  /** Waits until the reader whose positions `db` holds has applied every fact of the topic. */
  async waitUntilRead(db: TestDatabase): Promise<void> {
    const ends = await this.admin.fetchTopicOffsets(this.topic);
    const expected = Object.fromEntries(
      ends.filter((p) => p.high !== '0').map((p) => [p.partition, p.high]),
    );
    await waitFor(
      async () => {
        const rows: { partition: number; next_offset: string }[] = await db.dataSource.query(
          `SELECT partition, next_offset FROM consumer_offsets WHERE topic = $1`,
          [this.topic],
        );
        return Object.fromEntries(rows.map((row) => [row.partition, String(row.next_offset)]));
      },
      (stored) => Object.entries(expected).every(([p, high]) => stored[p] === high),
      { what: `the reader's positions on ${this.topic} to reach ${JSON.stringify(expected)}` },
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.admin.disconnect(), this.producer.disconnect()]);
  }
}
