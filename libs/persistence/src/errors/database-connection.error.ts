/**
 * Raised when the service cannot open its first database connection for a reason that waiting
 * does not cure (the server's rules refuse the user or its lack of TLS, a password refused, a
 * certificate not trusted); says which and what to check, never a secret.
 */
export class DatabaseConnectionError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
