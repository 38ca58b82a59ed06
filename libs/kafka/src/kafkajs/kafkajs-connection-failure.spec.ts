import { BrokerConnectionError } from '../errors/broker-connection.error';
import { explainConnectionFailure } from './kafkajs-connection-failure';

/** An error as kafkajs wraps it after its retries: the last failure as the cause. */
function retried(name: string, message: string, code?: string): Error {
  const last = Object.assign(new Error(message), { name, code });
  return new Error(message, { cause: last });
}

describe(explainConnectionFailure.name, () => {
  it('says the credentials were refused when SASL authentication fails', () => {
    const explained = explainConnectionFailure(
      retried(
        'KafkaJSSASLAuthenticationError',
        'SASL PLAIN authentication failed: Invalid username or password',
      ),
    );
    expect(explained).toBeInstanceOf(BrokerConnectionError);
    expect((explained as Error).message).toMatch(/^Kafka refused the SASL credentials/);
  });

  it('returns our own explanation when kafkajs wraps one (an OAUTHBEARER token refused)', () => {
    const ours = new BrokerConnectionError(
      'The OAuth token endpoint refused the client credentials',
    );
    const wrapped = Object.assign(new Error(ours.message, { cause: ours }), {
      name: 'KafkaJSNonRetriableError',
    });
    expect(explainConnectionFailure(wrapped)).toBe(ours);
  });

  it('says the CA is not trusted when the certificate chain does not verify', () => {
    const explained = explainConnectionFailure(
      retried(
        'KafkaJSConnectionError',
        'self-signed certificate in certificate chain',
        'SELF_SIGNED_CERT_IN_CHAIN',
      ),
    );
    expect((explained as Error).message).toMatch(/not signed by a trusted CA/);
  });

  it('says the listener may require TLS when every connection is closed', () => {
    const explained = explainConnectionFailure(
      retried('KafkaJSConnectionClosedError', 'Closed connection'),
    );
    expect((explained as Error).message).toMatch(/requires TLS closes a plaintext connection/);
  });

  it('returns any other error as it was', () => {
    const error = retried('KafkaJSConnectionError', 'connect ECONNREFUSED', 'ECONNREFUSED');
    expect(explainConnectionFailure(error)).toBe(error);
  });
});
