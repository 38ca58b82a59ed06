import { BrokerConnectionError } from '../errors/broker-connection.error';
import { ConnectionRefusals, ownExplanationIn } from '../broker/connection-refusals';

type Explanation = (why: string, cause: unknown) => BrokerConnectionError;

/**
 * librdkafka's words for each security mismatch, in the order they are tried. OpenSSL 3 says
 * only "certificate verify failed" for an unknown CA, a host name the certificate does not
 * carry and an expired certificate alike; older builds name the check.
 * @see https://github.com/confluentinc/librdkafka/blob/master/src/rdkafka_ssl.c
 */
const MISMATCHES: readonly (readonly [RegExp, Explanation])[] = [
  [
    /SASL authentication error|SASL handshake failed|SASL \S+ mechanism handshake failed/,
    ConnectionRefusals.credentials,
  ],
  [/hostname mismatch/i, ConnectionRefusals.hostname],
  [
    /self[- ]signed certificate|unable to get (local )?issuer/i,
    ConnectionRefusals.untrustedCertificate,
  ],
  [/certificate has expired|certificate is not yet valid/i, ConnectionRefusals.expiredCertificate],
  [
    /certificate verify failed|Failed to verify broker certificate/i,
    ConnectionRefusals.unverifiedCertificate,
  ],
  // A TLS client on a plaintext listener: the broker closes during the handshake.
  [
    /PLAINTEXT broker listener\?|Disconnected.* in state SSL_HANDSHAKE/,
    ConnectionRefusals.listenerWithoutTls,
  ],
  // A plaintext client on a TLS listener: the broker closes before answering ApiVersions.
  [/Disconnected.* in state APIVERSION_QUERY/, ConnectionRefusals.closedBeforeAnswering],
];

/**
 * Turns librdkafka's failure of a first connection into a `BrokerConnectionError` that says which
 * setting to check, when the latest broker failure the client logged (`failure`, a `FAIL` line)
 * is a security mismatch; any other error comes back as it was.
 */
export function explainLibrdkafkaConnectionFailure(
  error: unknown,
  failure: string | undefined,
): unknown {
  const own = ownExplanationIn(error);
  if (own) return own;
  if (failure === undefined) return error;
  const mismatch = MISMATCHES.find(([pattern]) => pattern.test(failure));
  return mismatch ? mismatch[1](reasonIn(failure), error) : error;
}

/**
 * Returns the reason of a `FAIL` line without the thread and broker it names, the time and state
 * it ends with, nor librdkafka's hint on `ssl.ca.location` (we hand it the CA as `ssl.ca.pem`).
 */
function reasonIn(line: string): string {
  return line
    .replace(/^\[thrd:[^\]]*\]: /, '')
    .replace(/^\S+\/(bootstrap|\d+): /, '')
    .replace(/ \(after \d+ms in state .*\)$/, '')
    .replace(/, verify that ssl\.ca\.location .*$/, '');
}
