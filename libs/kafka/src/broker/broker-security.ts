/** A SASL mechanism a broker listener may require. */
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

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
export interface BrokerSasl {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

/**
 * How a client secures its connections to the brokers, whatever the client library. With neither
 * part it speaks plaintext; librdkafka's `security.protocol` follows from which parts are set:
 * `SSL` (tls), `SASL_PLAINTEXT` (sasl), `SASL_SSL` (both), `PLAINTEXT` (neither).
 */
export interface BrokerSecurity {
  readonly tls?: BrokerTls;
  readonly sasl?: BrokerSasl;
}
