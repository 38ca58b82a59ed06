import { BrokerSasl, BrokerSecurity } from '../broker/broker-security';
import { tokenSourceFor } from '../broker/client-credentials-token-source';
import { LibrdkafkaDefaults } from './librdkafka.constants';

/** A token as librdkafka's OAUTHBEARER refresh callback hands it over. */
export interface LibrdkafkaOauthbearerToken {
  readonly tokenValue: string;
  /** When the token expires, in ms since the epoch; librdkafka asks again at 80% of it. */
  readonly lifetime: number;
  readonly principal: string;
  readonly extensions?: Readonly<Record<string, string>>;
}

/** librdkafka's security properties, by their documented names, and its token refresh callback. */
export interface LibrdkafkaSecurityProperties {
  readonly 'security.protocol': 'plaintext' | 'ssl' | 'sasl_plaintext' | 'sasl_ssl';
  readonly 'ssl.ca.pem'?: string;
  readonly 'ssl.certificate.pem'?: string;
  readonly 'ssl.key.pem'?: string;
  readonly 'ssl.key.password'?: string;
  readonly 'ssl.endpoint.identification.algorithm'?: 'https' | 'none';
  readonly 'enable.ssl.certificate.verification'?: boolean;
  readonly 'sasl.mechanisms'?: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';
  readonly 'sasl.username'?: string;
  readonly 'sasl.password'?: string;
  readonly oauthbearer_token_refresh_cb?: () => Promise<LibrdkafkaOauthbearerToken>;
}

/**
 * Maps client-neutral connection security onto librdkafka's properties. TLS certificates and
 * keys go in as PEM text; the broker's certificate chain is always checked, its name unless
 * `verifyHostname` is false. OAUTHBEARER tokens come from the process's client-credentials token
 * source through librdkafka's token refresh callback (this build has no libcurl for librdkafka's
 * own `oidc` method).
 * @see https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md
 */
export function librdkafkaSecurity(security: BrokerSecurity = {}): LibrdkafkaSecurityProperties {
  const { tls, sasl } = security;
  const protocol = tls ? (sasl ? 'sasl_ssl' : 'ssl') : sasl ? 'sasl_plaintext' : 'plaintext';
  return {
    'security.protocol': protocol,
    ...(tls && {
      'enable.ssl.certificate.verification': true,
      'ssl.endpoint.identification.algorithm': tls.verifyHostname === false ? 'none' : 'https',
      ...(tls.ca !== undefined && { 'ssl.ca.pem': tls.ca }),
      ...(tls.cert !== undefined && { 'ssl.certificate.pem': tls.cert }),
      ...(tls.key !== undefined && { 'ssl.key.pem': tls.key }),
      ...(tls.keyPassword !== undefined && { 'ssl.key.password': tls.keyPassword }),
    }),
    ...(sasl && librdkafkaSasl(sasl)),
  };
}

function librdkafkaSasl(sasl: BrokerSasl): Partial<LibrdkafkaSecurityProperties> {
  if (sasl.mechanism !== 'oauthbearer')
    return {
      'sasl.mechanisms': MECHANISMS[sasl.mechanism],
      'sasl.username': sasl.username,
      'sasl.password': sasl.password,
    };
  const tokens = tokenSourceFor(sasl.oauth);
  const principal = sasl.oauth.clientId;
  return {
    'sasl.mechanisms': 'OAUTHBEARER',
    // librdkafka calls it at start and at 80% of each token's lifetime; a failure is retried.
    oauthbearer_token_refresh_cb: async () => {
      const { value, expiresAt } = await tokens.current();
      const now = Date.now();
      return {
        tokenValue: value,
        // A token without `expires_in` (or already due): held briefly, then asked for again.
        lifetime: expiresAt > now ? expiresAt : now + LibrdkafkaDefaults.undatedTokenLifetimeMs,
        principal,
        ...(sasl.extensions && { extensions: sasl.extensions }),
      };
    },
  };
}

const MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;
