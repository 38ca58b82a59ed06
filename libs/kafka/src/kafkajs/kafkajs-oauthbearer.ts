import { KafkaJSConnectionError, Mechanism } from 'kafkajs';
import { BrokerConnectionError } from '../errors/broker-connection.error';
import { TransientError } from '../errors/transient.error';

/** The separator of the OAUTHBEARER messages (RFC 7628): US-ASCII SOH. */
const SOH = '\u0001';

/**
 * Returns a kafkajs SASL mechanism that authenticates with OAUTHBEARER, sending the token `token`
 * resolves to and the SASL `extensions`. Unlike kafkajs's built-in one, it reads the broker's answer: a broker that refuses
 * the token answers with an error challenge (RFC 7628, section 3.2.2) rather than an error code,
 * which the built-in one takes for success, and the client then fails later with no reason.
 * @throws BrokerConnectionError from `authenticate` when the broker refuses the token.
 * @throws KafkaJSConnectionError from `authenticate` when no token can be had for now.
 */
export function oauthbearerMechanism(
  token: () => Promise<string>,
  extensions: Readonly<Record<string, string>> = {},
): Mechanism {
  const pairs = Object.entries(extensions).map(([key, value]) => `${key}=${value}${SOH}`);
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ host, port, saslAuthenticate }) => ({
      async authenticate() {
        let value: string;
        try {
          value = await token();
        } catch (error) {
          // The connection is half-way through SASL: kafkajs retries a connection error on a new
          // connection, anything else on this one, which the broker then refuses (ILLEGAL_SASL_STATE).
          if (error instanceof TransientError)
            throw new KafkaJSConnectionError(error, { broker: `${host}:${port}` });
          throw error;
        }
        const challenge = await saslAuthenticate({
          // RFC 7628, section 3.1: the GS2 header (no authorization identity), the token, the extensions.
          request: {
            encode: () =>
              sizePrefixed(`n,,${SOH}auth=Bearer ${value}${SOH}${pairs.join('')}${SOH}`),
          },
          response: { decode: (bytes) => bytes, parse: (bytes) => bytes.subarray(4) },
        });
        if (challenge && challenge.length > 0)
          throw new BrokerConnectionError(
            `Kafka refused the OAUTHBEARER token (${challenge.toString('utf8')}). Check the ` +
              `OAuth client's scope and that the brokers trust the provider that issued it.`,
          );
      },
    }),
  };
}

/** The SASL bytes as kafkajs's SaslAuthenticate request carries them: an INT32 size, then the bytes. */
function sizePrefixed(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  const size = Buffer.alloc(4);
  size.writeInt32BE(bytes.length);
  return Buffer.concat([size, bytes]);
}
