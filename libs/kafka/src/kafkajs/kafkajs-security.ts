import { KafkaConfig, Mechanism, SASLOptions } from 'kafkajs';
import { ConnectionOptions } from 'node:tls';
import { BrokerSasl, BrokerSecurity } from '../broker/broker-security';
import { tokenSourceFor } from '../broker/client-credentials-token-source';
import { oauthbearerMechanism } from './kafkajs-oauthbearer';

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
  const tokens = tokenSourceFor(sasl.oauth);
  // kafkajs authenticates on every new connection and every re-authentication.
  return oauthbearerMechanism(() => tokens.token(), sasl.extensions);
}
