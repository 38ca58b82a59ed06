import { KafkaConfig, Mechanism, SASLOptions } from 'kafkajs';
import { ConnectionOptions } from 'node:tls';
import { BrokerSasl, BrokerSecurity, OAuthClientCredentials } from '../broker/broker-security';
import { ClientCredentialsTokenSource } from '../broker/client-credentials-token-source';
import { oauthbearerMechanism } from './kafkajs-oauthbearer';

/** One token source per OAuth client settings: a process's clients share its tokens. */
const tokenSources = new WeakMap<OAuthClientCredentials, ClientCredentialsTokenSource>();

/** Maps client-neutral connection security onto kafkajs's `ssl` and `sasl` settings. */
export function kafkajsSecurity(security: BrokerSecurity = {}): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = security;
  const ssl: ConnectionOptions | undefined = tls && {
    rejectUnauthorized: true,
    ...(tls.ca !== undefined && { ca: [tls.ca] }),
    ...(tls.cert !== undefined && { cert: tls.cert }),
    ...(tls.key !== undefined && { key: tls.key }),
    ...(tls.keyPassword !== undefined && { passphrase: tls.keyPassword }),
    // Node checks the name unless told not to; the chain is checked either way.
    ...(tls.verifyHostname === false && { checkServerIdentity: () => undefined }),
  };
  return { ...(ssl && { ssl }), ...(sasl && { sasl: kafkajsSasl(sasl) }) };
}

function kafkajsSasl(sasl: BrokerSasl): SASLOptions | Mechanism {
  if (sasl.mechanism !== 'oauthbearer')
    return {
      mechanism: sasl.mechanism,
      username: sasl.username,
      password: sasl.password,
    } as SASLOptions;
  let source = tokenSources.get(sasl.oauth);
  if (!source)
    tokenSources.set(sasl.oauth, (source = new ClientCredentialsTokenSource(sasl.oauth)));
  const tokens = source;
  // kafkajs authenticates on every new connection and every re-authentication.
  return oauthbearerMechanism(() => tokens.token(), sasl.extensions);
}
