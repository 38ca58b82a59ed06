/**
 * Raised when the brokers refuse to create the topics an app provisions at start for a reason
 * that waiting does not cure (most often an ACL: its Kafka user may not create them, or may not
 * see that they exist); names each topic and the broker's error code.
 */
export class TopicsRefusedError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
