/**
 * Keeps the latest broker failure a librdkafka client logged (its `FAIL` lines: SASL
 * authentication refused, a TLS handshake failed, a connection closed), which the error of a
 * failed first connection does not carry: that says only `Local: Broker transport failure`.
 */
export class ConnectionFailureLog {
  private last?: string;

  /** Records a line of librdkafka's `FAIL` facility. */
  record(line: string): void {
    this.last = line;
  }

  /** Returns the latest line recorded, if any. */
  latest(): string | undefined {
    return this.last;
  }
}
