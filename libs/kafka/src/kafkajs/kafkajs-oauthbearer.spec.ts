import { AuthenticationProviderArgs, Logger } from 'kafkajs';
import { TransientError } from '../errors/transient.error';
import { BrokerConnectionError } from '../errors/broker-connection.error';
import { oauthbearerMechanism } from './kafkajs-oauthbearer';

/** Authenticates once against a broker that answers `challenge`; returns the bytes sent. */
async function authenticate(
  challenge: string,
  extensions?: Record<string, string>,
  token: () => Promise<string> = async () => 'the-token',
): Promise<string> {
  let sent = '';
  const broker: AuthenticationProviderArgs = {
    host: 'broker',
    port: 9093,
    logger: {} as Logger,
    saslAuthenticate: async ({ request, response }) => {
      sent = (await request.encode()).subarray(4).toString('utf8');
      const size = Buffer.alloc(4);
      size.writeInt32BE(Buffer.byteLength(challenge));
      const bytes = await response!.decode(Buffer.concat([size, Buffer.from(challenge)]));
      return response!.parse(bytes);
    },
  };
  await oauthbearerMechanism(token, extensions).authenticationProvider(broker).authenticate();
  return sent;
}

describe(oauthbearerMechanism.name, () => {
  it('sends the token after the GS2 header, as RFC 7628 frames it, and succeeds when the broker answers nothing', async () => {
    expect(await authenticate('')).toBe('n,,\u0001auth=Bearer the-token\u0001\u0001');
  });

  it('sends each SASL extension as a key=value pair after the token', async () => {
    expect(await authenticate('', { logicalCluster: 'lkc-1', identityPoolId: 'pool-2' })).toBe(
      'n,,\u0001auth=Bearer the-token\u0001logicalCluster=lkc-1\u0001identityPoolId=pool-2\u0001\u0001',
    );
  });

  it("says the broker refused the token, with the broker's reason, when it answers an error challenge", async () => {
    const failure = authenticate('{"status":"invalid_token"}');
    await expect(failure).rejects.toBeInstanceOf(BrokerConnectionError);
    await expect(failure).rejects.toThrow(
      'Kafka refused the OAUTHBEARER token ({"status":"invalid_token"})',
    );
  });

  it('fails as a connection error, which kafkajs retries on a new connection, when no token can be had for now', async () => {
    const unreachable = async (): Promise<string> => {
      throw new TransientError(
        'The OAuth token endpoint https://login.example.com/token cannot be reached',
      );
    };
    const failure = authenticate('', undefined, unreachable);
    await expect(failure).rejects.toMatchObject({
      name: 'KafkaJSConnectionError',
      retriable: true,
      message: 'The OAuth token endpoint https://login.example.com/token cannot be reached',
    });
  });
});
