import { BrokerConnectionError } from '../errors/broker-connection.error';

/** Node's codes for a server certificate that does not verify. */
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

const EXPIRED_CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * Turns kafkajs's failure of a first connection into a `BrokerConnectionError` that says which
 * setting to check, when it is a security mismatch; any other error comes back as it was.
 */
export function explainConnectionFailure(error: unknown): unknown {
  // Our own explanation from inside kafkajs (an OAUTHBEARER token provider's), under its wrappers.
  for (let current = error; current instanceof Error; current = current.cause)
    if (current instanceof BrokerConnectionError) return current;
  const failure = innermost(error);
  const why = failure.message;
  if (failure.name === 'KafkaJSSASLAuthenticationError') {
    return new BrokerConnectionError(
      `Kafka refused the SASL credentials (${why}). Check the SASL mechanism and its credentials (username and password, or OAuth client).`,
      { cause: error },
    );
  }
  if (failure.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new BrokerConnectionError(
      `The broker's TLS certificate does not name the host dialled (${why}). Use the broker name ` +
        `the certificate carries, or turn hostname verification off.`,
      { cause: error },
    );
  }
  if (failure.code !== undefined && UNTRUSTED_CERTIFICATE.has(failure.code)) {
    return new BrokerConnectionError(
      `The broker's TLS certificate is not signed by a trusted CA (${why}). Give the CA that ` +
        `signed the brokers' certificates as the CA file.`,
      { cause: error },
    );
  }
  if (failure.code !== undefined && EXPIRED_CERTIFICATE.has(failure.code)) {
    return new BrokerConnectionError(
      `The broker's TLS certificate is out of its validity period (${why}).`,
      { cause: error },
    );
  }
  if (/before secure TLS connection was established|wrong version number/i.test(why)) {
    return new BrokerConnectionError(
      `The TLS handshake with the broker failed (${why}): the listener does not speak TLS. ` +
        `Use the broker's TLS listener, or connect without TLS.`,
      { cause: error },
    );
  }
  if (failure.name === 'KafkaJSConnectionClosedError') {
    return new BrokerConnectionError(
      `The broker closed every connection before answering (${why}): a listener that requires ` +
        `TLS closes a plaintext connection, and one that requires SASL closes a connection that ` +
        `does not authenticate. Check the security protocol against the listener's.`,
      { cause: error },
    );
  }
  return error;
}

/** What kafkajs wraps: a retry's last cause, with Node's error code when there is one. */
function innermost(error: unknown): { name: string; message: string; code?: string } {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return { name: 'Error', message: String(current) };
  const { code } = current as { code?: unknown };
  return {
    name: current.name,
    message: current.message,
    code: typeof code === 'string' ? code : undefined,
  };
}
