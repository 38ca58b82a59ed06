/** One record to send. */
export interface OutboundRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** An idempotent producer that waits for all in-sync replicas: the only output port of the worker. */
export interface BrokerProducer {
  connect(): Promise<void>;
  /** Sends records, preserving their order per topic and partition; resolves once all are acknowledged. */
  send(records: readonly OutboundRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}
