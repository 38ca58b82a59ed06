import { flag, readableFile } from '@app/config';
import { BrokerSecurity, SaslMechanism } from '@app/kafka';
import { DatabaseTls } from '@app/persistence';
import { z } from 'zod';

const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/**
 * The variables of the Kafka connection's security, named as Kafka's own settings are
 * (`security.protocol`, `sasl.mechanism`, ...). Files are read at start.
 */
export const kafkaSecurityEnv = {
  /** `PLAINTEXT`, `SSL`, `SASL_PLAINTEXT` or `SASL_SSL`, as the brokers' listener speaks. */
  KAFKA_SECURITY_PROTOCOL: z.enum(SECURITY_PROTOCOLS).default('PLAINTEXT'),
  /** PEM of the CA that signed the brokers' certificates; unset: the system's trusted CAs. */
  KAFKA_SSL_CA_FILE: readableFile.optional(),
  /** PEM client certificate and key, for brokers that require mutual TLS. */
  KAFKA_SSL_CERT_FILE: readableFile.optional(),
  KAFKA_SSL_KEY_FILE: readableFile.optional(),
  /** A file holding the password of an encrypted client key. */
  KAFKA_SSL_KEY_PASSWORD_FILE: readableFile.optional(),
  /** Checks that each broker's certificate names the host dialled. */
  KAFKA_SSL_VERIFY_HOSTNAME: flag.default(true),
  KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  /** The SASL password itself, or (better, from a mounted Secret) `KAFKA_SASL_PASSWORD_FILE`. */
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_SASL_PASSWORD_FILE: readableFile.optional(),
};

/** The variables of the PostgreSQL connection's TLS. */
export const databaseTlsEnv = {
  /** libpq's `sslmode`: `disable`, `require`, `verify-ca` or `verify-full`; unset, the URL's decides. */
  DATABASE_SSL_MODE: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).optional(),
  /** PEM of the CA that signed the server's certificate; unset: the system's trusted CAs. */
  DATABASE_SSL_CA_FILE: readableFile.optional(),
};

/** What `kafkaSecurityEnv` gives once parsed. */
export type KafkaSecurityEnv = z.output<z.ZodObject<typeof kafkaSecurityEnv>>;

/** What `databaseTlsEnv` gives once parsed, with the URL it applies to. */
export type DatabaseTlsEnv = z.output<z.ZodObject<typeof databaseTlsEnv>> & {
  readonly DATABASE_URL: string;
};

/**
 * Adds to an environment schema the rules that make the Kafka security settings one consistent
 * whole: SASL protocols name their mechanism, user and one password; TLS and SASL variables
 * appear only with a protocol that uses them; a client certificate comes with its key.
 */
export function requireConsistentKafkaSecurity(env: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const problem = (name: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [name], message });
  const sasl = protocol.startsWith('SASL_');
  const tls = protocol.endsWith('SSL');
  if (sasl) {
    for (const name of ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME'] as const)
      if (env[name] === undefined)
        problem(name, `is required when KAFKA_SECURITY_PROTOCOL is ${protocol}`);
    const passwords = [env.KAFKA_SASL_PASSWORD, env.KAFKA_SASL_PASSWORD_FILE].filter(
      (value) => value !== undefined,
    ).length;
    if (passwords !== 1)
      problem(
        'KAFKA_SASL_PASSWORD',
        `or KAFKA_SASL_PASSWORD_FILE (one of them) is required when KAFKA_SECURITY_PROTOCOL is ${protocol}`,
      );
  }
  const misplaced = (names: readonly (keyof KafkaSecurityEnv)[], needs: string) => {
    for (const name of names)
      if (env[name] !== undefined)
        problem(name, `is set, but KAFKA_SECURITY_PROTOCOL is ${protocol}: ${needs}`);
  };
  if (!sasl)
    misplaced(
      [
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_PASSWORD',
        'KAFKA_SASL_PASSWORD_FILE',
      ],
      'SASL needs SASL_SSL or SASL_PLAINTEXT',
    );
  if (!tls)
    misplaced(
      [
        'KAFKA_SSL_CA_FILE',
        'KAFKA_SSL_CERT_FILE',
        'KAFKA_SSL_KEY_FILE',
        'KAFKA_SSL_KEY_PASSWORD_FILE',
      ],
      'TLS needs SSL or SASL_SSL',
    );
  if ((env.KAFKA_SSL_CERT_FILE === undefined) !== (env.KAFKA_SSL_KEY_FILE === undefined))
    problem(
      env.KAFKA_SSL_CERT_FILE === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE',
      'is required with KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE set together (mutual TLS)',
    );
}

/**
 * Adds the rules of the PostgreSQL TLS settings: the mode is set in one place (not also as the
 * URL's `sslmode`), and a CA file comes with a mode that verifies.
 */
export function requireConsistentDatabaseTls(env: DatabaseTlsEnv, ctx: z.RefinementCtx): void {
  if (env.DATABASE_SSL_MODE !== undefined && /[?&]sslmode=/.test(env.DATABASE_URL))
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_URL'],
      message: 'carries sslmode while DATABASE_SSL_MODE is set: keep only DATABASE_SSL_MODE',
    });
  if (
    env.DATABASE_SSL_CA_FILE !== undefined &&
    env.DATABASE_SSL_MODE !== 'verify-ca' &&
    env.DATABASE_SSL_MODE !== 'verify-full'
  )
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_SSL_CA_FILE'],
      message:
        'is set, but only DATABASE_SSL_MODE verify-ca or verify-full checks the server against it',
    });
}

/** Returns the client-neutral broker security the variables describe (none for PLAINTEXT). */
export function brokerSecurityOf(env: KafkaSecurityEnv): BrokerSecurity | undefined {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const password = env.KAFKA_SASL_PASSWORD ?? env.KAFKA_SASL_PASSWORD_FILE?.trimEnd();
  const sasl =
    protocol.startsWith('SASL_') && env.KAFKA_SASL_MECHANISM && env.KAFKA_SASL_USERNAME && password
      ? {
          mechanism: env.KAFKA_SASL_MECHANISM.toLowerCase() as SaslMechanism,
          username: env.KAFKA_SASL_USERNAME,
          password,
        }
      : undefined;
  const tls = protocol.endsWith('SSL')
    ? {
        ca: env.KAFKA_SSL_CA_FILE,
        cert: env.KAFKA_SSL_CERT_FILE,
        key: env.KAFKA_SSL_KEY_FILE,
        keyPassword: env.KAFKA_SSL_KEY_PASSWORD_FILE?.trimEnd(),
        verifyHostname: env.KAFKA_SSL_VERIFY_HOSTNAME,
      }
    : undefined;
  return tls || sasl ? { tls, sasl } : undefined;
}

/** Returns the PostgreSQL TLS the variables describe, or undefined to leave it to the URL. */
export function databaseTlsOf(env: Omit<DatabaseTlsEnv, 'DATABASE_URL'>): DatabaseTls | undefined {
  return env.DATABASE_SSL_MODE && { mode: env.DATABASE_SSL_MODE, ca: env.DATABASE_SSL_CA_FILE };
}
