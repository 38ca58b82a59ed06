import { ConnectionRefusals, ownExplanationIn } from '../broker/connection-refusals';

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
  const own = ownExplanationIn(error);
  if (own) return own;
  const failure = innermost(error);
  const why = failure.message;
  if (failure.name === 'KafkaJSSASLAuthenticationError')
    return ConnectionRefusals.credentials(why, error);
  if (failure.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return ConnectionRefusals.hostname(why, error);
  if (failure.code !== undefined && UNTRUSTED_CERTIFICATE.has(failure.code))
    return ConnectionRefusals.untrustedCertificate(why, error);
  if (failure.code !== undefined && EXPIRED_CERTIFICATE.has(failure.code))
    return ConnectionRefusals.expiredCertificate(why, error);
  if (/before secure TLS connection was established|wrong version number/i.test(why))
    return ConnectionRefusals.listenerWithoutTls(why, error);
  if (failure.name === 'KafkaJSConnectionClosedError')
    return ConnectionRefusals.closedBeforeAnswering(why, error);
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
