import { BrokerConnectionError } from '../errors/broker-connection.error';

/**
 * The explanations both adapters give for a first connection that fails for a reason waiting
 * does not cure, each as a `BrokerConnectionError` that says which setting to check; `why` is
 * the client's own words, `cause` its error.
 */
export const ConnectionRefusals = {
  /** The broker refused the SASL mechanism or its credentials. */
  credentials: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `Kafka refused the SASL credentials (${why}). Check the SASL mechanism and its credentials (username and password, or OAuth client).`,
      { cause },
    ),

  /** The certificate verifies but names another host. */
  hostname: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The broker's TLS certificate does not name the host dialled (${why}). Use the broker name ` +
        `the certificate carries, or turn hostname verification off.`,
      { cause },
    ),

  /** The certificate chain does not lead to a CA the client trusts. */
  untrustedCertificate: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The broker's TLS certificate is not signed by a trusted CA (${why}). Give the CA that ` +
        `signed the brokers' certificates as the CA file.`,
      { cause },
    ),

  /** The certificate is out of its validity period. */
  expiredCertificate: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The broker's TLS certificate is out of its validity period (${why}).`,
      { cause },
    ),

  /** The certificate does not verify, and the client does not say which check failed. */
  unverifiedCertificate: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The broker's TLS certificate does not verify (${why}): it is not signed by the CA given ` +
        `as the CA file, does not name the host dialled, or is out of its validity period. Give ` +
        `the CA that signed the brokers' certificates as the CA file, and use the broker name the ` +
        `certificate carries (or turn hostname verification off).`,
      { cause },
    ),

  /** A TLS client reached a listener that does not speak TLS. */
  listenerWithoutTls: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The TLS handshake with the broker failed (${why}): the listener does not speak TLS. ` +
        `Use the broker's TLS listener, or connect without TLS.`,
      { cause },
    ),

  /** Every connection was closed before the broker answered a request. */
  closedBeforeAnswering: (why: string, cause: unknown): BrokerConnectionError =>
    new BrokerConnectionError(
      `The broker closed every connection before answering (${why}): a listener that requires ` +
        `TLS closes a plaintext connection, and one that requires SASL closes a connection that ` +
        `does not authenticate. Check the security protocol against the listener's.`,
      { cause },
    ),
} as const;

/** Returns our own explanation when the client wraps one (an OAUTHBEARER token provider's). */
export function ownExplanationIn(error: unknown): BrokerConnectionError | undefined {
  for (let current = error; current instanceof Error; current = current.cause)
    if (current instanceof BrokerConnectionError) return current;
  return undefined;
}
