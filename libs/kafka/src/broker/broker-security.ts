/** A SASL mechanism a broker listener may require. */
export type SaslMechanism = BrokerSasl['mechanism'];

/**
 * TLS to the brokers. Certificates and keys are PEM text (read from mounted files at start), so
 * that any client can take them: librdkafka's `ssl.ca.pem`, `ssl.certificate.pem`, `ssl.key.pem`,
 * `ssl.key.password`; kafkajs's `ssl` (Node's `tls.connect` options).
 */
export interface BrokerTls {
  /** CA certificates that sign the brokers' certificates; absent: the system's trusted CAs. */
  readonly ca?: string;
  /** The client certificate, for brokers that require one (mutual TLS); with `key`. */
  readonly cert?: string;
  readonly key?: string;
  /** Decrypts `key` when it is encrypted. */
  readonly keyPassword?: string;
  /**
   * Checks that the broker's certificate names the host the client dialled (librdkafka:
   * `ssl.endpoint.identification.algorithm=https`, or `none` when false).
   * @default true
   */
  readonly verifyHostname?: boolean;
}

/** SASL credentials (librdkafka: `sasl.mechanisms` in capitals, `sasl.username`, `sasl.password`). */
export interface BrokerPasswordSasl {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/**
 * SASL OAUTHBEARER with access tokens of the OAuth 2.0 client-credentials grant, fetched from the
 * identity provider and refreshed before they expire (librdkafka: `sasl.oauthbearer.method=oidc`,
 * `sasl.oauthbearer.token.endpoint.url`, `sasl.oauthbearer.client.id`, `.client.secret`, `.scope`).
 */
export interface BrokerOauthbearerSasl {
  readonly mechanism: 'oauthbearer';
  readonly oauth: OAuthClientCredentials;
  /**
   * SASL extensions sent with each token (RFC 7628: keys of letters only), e.g. Confluent
   * Cloud's `logicalCluster` and `identityPoolId` (librdkafka: `sasl.oauthbearer.extensions`).
   */
  readonly extensions?: Readonly<Record<string, string>>;
}

/** An OAuth 2.0 client and where it asks for tokens (RFC 6749, section 4.4). */
export interface OAuthClientCredentials {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated scopes to ask for; absent: the provider's default for the client. */
  readonly scope?: string;
}

/** SASL authentication to the brokers, by mechanism. */
export type BrokerSasl = BrokerPasswordSasl | BrokerOauthbearerSasl;

/**
 * How a client secures its connections to the brokers, whatever the client library. With neither
 * part it speaks plaintext; librdkafka's `security.protocol` follows from which parts are set:
 * `SSL` (tls), `SASL_PLAINTEXT` (sasl), `SASL_SSL` (both), `PLAINTEXT` (neither).
 */
export interface BrokerSecurity {
  readonly tls?: BrokerTls;
  readonly sasl?: BrokerSasl;
}
