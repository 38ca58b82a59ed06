import { BrokerConnectionError } from '../errors/broker-connection.error';
import { explainLibrdkafkaConnectionFailure } from './librdkafka-connection-failure';

/** The client's error when a first connection gives up: it never says why. */
const transportFailure = Object.assign(new Error('Local: Broker transport failure'), {
  name: 'KafkaJSConnectionError',
  code: -195,
});

/** A `FAIL` line as librdkafka logs it, with the thread, the broker and the time it names. */
function failLine(reason: string, state: string): string {
  const broker = 'sasl_ssl://127.0.0.1:9093/bootstrap';
  return `[thrd:${broker}]: ${broker}: ${reason} (after 309ms in state ${state})`;
}

function explained(reason: string, state: string): string {
  const error = explainLibrdkafkaConnectionFailure(transportFailure, failLine(reason, state));
  expect(error).toBeInstanceOf(BrokerConnectionError);
  expect((error as Error).cause).toBe(transportFailure);
  return (error as Error).message;
}

describe(explainLibrdkafkaConnectionFailure.name, () => {
  it('says the credentials were refused, in librdkafka words without thread nor timing, when SASL authentication fails', () => {
    const message = explained(
      'SASL authentication error: Authentication failed during authentication due to invalid ' +
        'credentials with SASL mechanism SCRAM-SHA-512',
      'AUTH_REQ, 1 identical error(s) suppressed',
    );
    expect(message).toBe(
      'Kafka refused the SASL credentials (SASL authentication error: Authentication failed ' +
        'during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512). ' +
        'Check the SASL mechanism and its credentials (username and password, or OAuth client).',
    );
  });

  it('says the credentials were refused when the broker does not offer the SASL mechanism', () => {
    const message = explained(
      'SASL SCRAM-SHA-512 mechanism handshake failed: Broker: Unsupported SASL mechanism: ' +
        "broker's supported mechanisms: PLAIN",
      'AUTH_HANDSHAKE',
    );
    expect(message).toMatch(/^Kafka refused the SASL credentials \(SASL SCRAM-SHA-512 mechanism/);
  });

  it('says the certificate does not verify, and what to check, when OpenSSL 3 does not say which check failed', () => {
    const message = explained(
      'SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker ' +
        'certificate could not be verified, verify that ssl.ca.location is correctly configured ' +
        'or root CA certificates are installed (install ca-certificates package)',
      'SSL_HANDSHAKE',
    );
    expect(message).toMatch(
      /^The broker's TLS certificate does not verify \(SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified\): it is not signed by the CA given as the CA file/,
    );
    expect(message).not.toContain('ssl.ca.location');
  });

  it('says the CA is not trusted when librdkafka names the failed check', () => {
    const message = explained(
      'Failed to verify broker certificate: self-signed certificate in certificate chain',
      'SSL_HANDSHAKE',
    );
    expect(message).toMatch(/not signed by a trusted CA/);
  });

  it('says the listener does not speak TLS when the broker closes during the TLS handshake', () => {
    const message = explained(
      'SSL handshake failed: Disconnected: SSL connection closed by peer: connecting to a ' +
        'PLAINTEXT broker listener?',
      'SSL_HANDSHAKE',
    );
    expect(message).toMatch(/the listener does not speak TLS/);
    expect(explained('Disconnected: SSL connection closed by peer', 'SSL_HANDSHAKE')).toMatch(
      /the listener does not speak TLS/,
    );
  });

  it('says the listener may require TLS when the broker closes before answering ApiVersions', () => {
    const message = explained(
      'Disconnected: connection closed by peer: receive 0 after POLLIN',
      'APIVERSION_QUERY',
    );
    expect(message).toMatch(/requires TLS closes a plaintext connection/);
  });

  it('returns our own explanation when the client wraps one (an OAUTHBEARER token refused)', () => {
    const ours = new BrokerConnectionError(
      'The OAuth token endpoint refused the client credentials',
    );
    const wrapped = new Error(ours.message, { cause: ours });
    expect(explainLibrdkafkaConnectionFailure(wrapped, undefined)).toBe(ours);
  });

  it('returns the error as it was when the broker is only unreachable', () => {
    const refused = failLine(
      'Connect to ipv4#127.0.0.1:9093 failed: Connection refused',
      'CONNECT',
    );
    expect(explainLibrdkafkaConnectionFailure(transportFailure, refused)).toBe(transportFailure);
  });

  it('returns the error as it was when the client logged no broker failure', () => {
    expect(explainLibrdkafkaConnectionFailure(transportFailure, undefined)).toBe(transportFailure);
  });
});
