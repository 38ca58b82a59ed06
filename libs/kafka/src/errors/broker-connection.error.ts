/**
 * Raised when a client cannot open its first connection to the brokers for a reason that waiting
 * does not cure (credentials refused, a certificate not trusted, a security protocol the listener
 * does not speak); says which and what to check, never a secret.
 */
export class BrokerConnectionError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
