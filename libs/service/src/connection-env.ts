import { flag, readableFile } from '@app/config';
import { BrokerSasl, BrokerSecurity } from '@app/kafka';
import { DatabaseTls } from '@app/persistence';
import { z } from 'zod';

const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;

/** The hosts to which a token endpoint may be plain `http:` (a provider on the same machine). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** SASL extensions: `key=value` pairs separated by commas, keys of letters only (RFC 7628), never `auth`. */
const saslExtensions = z.string().transform((value, ctx) => {
  const extensions: Record<string, string> = {};
  for (const pair of value.split(',')) {
    // RFC 7628: a value of printable characters, spaces and tabs (no SOH, the separator).
    const match = /^([A-Za-z]+)=([\t\x20-\x7e]+)$/.exec(pair.trim());
    if (!match || match[1] === 'auth') {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be key=value pairs separated by commas, each key of letters only and not auth',
      });
      return z.NEVER;
    }
    extensions[match[1]] = match[2];
  }
  return extensions;
});

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
  /** OAUTHBEARER: the identity provider's OAuth 2.0 token endpoint (`https:`; `http:` on loopback only). */
  KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL: z
    .string()
    .refine(isTokenEndpoint, 'must be an https:// URL (http:// only to localhost or 127.0.0.1)')
    .optional(),
  /** OAUTHBEARER: the OAuth client id, for the client-credentials grant. */
  KAFKA_SASL_OAUTHBEARER_CLIENT_ID: z.string().optional(),
  /** OAUTHBEARER: a file holding the OAuth client secret (mounted from a Secret). */
  KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: readableFile.optional(),
  /** OAUTHBEARER: space-separated scopes to ask for; unset: the provider's default for the client. */
  KAFKA_SASL_OAUTHBEARER_SCOPE: z.string().optional(),
  /** OAUTHBEARER: SASL extensions, `key=value` pairs separated by commas (Confluent Cloud: `logicalCluster=lkc-…,identityPoolId=pool-…`). */
  KAFKA_SASL_OAUTHBEARER_EXTENSIONS: saslExtensions.optional(),
};

/** The variables of password mechanisms (PLAIN, SCRAM) and those of OAUTHBEARER. */
const PASSWORD_VARIABLES = [
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_PASSWORD_FILE',
] as const;
const OAUTHBEARER_REQUIRED = [
  'KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE',
] as const;
const OAUTHBEARER_VARIABLES = [
  ...OAUTHBEARER_REQUIRED,
  'KAFKA_SASL_OAUTHBEARER_SCOPE',
  'KAFKA_SASL_OAUTHBEARER_EXTENSIONS',
] as const;

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
 * whole: SASL protocols name their mechanism and its credentials (a user and one password, or for
 * OAUTHBEARER a token endpoint, client id and secret), and no other mechanism's; TLS and SASL
 * variables appear only with a protocol that uses them; a client certificate comes with its key.
 */
export function requireConsistentKafkaSecurity(env: KafkaSecurityEnv, ctx: z.RefinementCtx): void {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const problem = (name: string, message: string) =>
    ctx.addIssue({ code: 'custom', path: [name], message });
  const sasl = protocol.startsWith('SASL_');
  const tls = protocol.endsWith('SSL');
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (sasl && mechanism === undefined)
    problem('KAFKA_SASL_MECHANISM', `is required when KAFKA_SECURITY_PROTOCOL is ${protocol}`);
  if (sasl && mechanism === 'OAUTHBEARER') {
    for (const name of OAUTHBEARER_REQUIRED)
      if (env[name] === undefined)
        problem(name, 'is required when KAFKA_SASL_MECHANISM is OAUTHBEARER');
  } else if (sasl) {
    if (env.KAFKA_SASL_USERNAME === undefined)
      problem('KAFKA_SASL_USERNAME', `is required when KAFKA_SECURITY_PROTOCOL is ${protocol}`);
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
  const misplacedFor = (names: readonly (keyof KafkaSecurityEnv)[], needs: string) => {
    for (const name of names)
      if (env[name] !== undefined)
        problem(name, `is set, but KAFKA_SASL_MECHANISM is ${String(mechanism)}: ${needs}`);
  };
  if (!sasl)
    misplaced(
      ['KAFKA_SASL_MECHANISM', ...PASSWORD_VARIABLES, ...OAUTHBEARER_VARIABLES],
      'SASL needs SASL_SSL or SASL_PLAINTEXT',
    );
  else if (mechanism === 'OAUTHBEARER')
    misplacedFor(PASSWORD_VARIABLES, 'OAUTHBEARER takes an OAuth client, not a user and password');
  else if (mechanism !== undefined)
    misplacedFor(
      OAUTHBEARER_VARIABLES,
      `${mechanism} takes a user and password, not an OAuth client`,
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
  const sasl = protocol.startsWith('SASL_') ? brokerSaslOf(env) : undefined;
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

/** Returns the SASL mechanism and credentials the variables describe, once they are consistent. */
function brokerSaslOf(env: KafkaSecurityEnv): BrokerSasl | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism === 'OAUTHBEARER') {
    const tokenEndpoint = env.KAFKA_SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL;
    const clientId = env.KAFKA_SASL_OAUTHBEARER_CLIENT_ID;
    const clientSecret = env.KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE?.trim();
    const scope = env.KAFKA_SASL_OAUTHBEARER_SCOPE;
    const extensions = env.KAFKA_SASL_OAUTHBEARER_EXTENSIONS;
    return tokenEndpoint && clientId && clientSecret
      ? {
          mechanism: 'oauthbearer',
          oauth: { tokenEndpoint, clientId, clientSecret, ...(scope !== undefined && { scope }) },
          ...(extensions !== undefined && { extensions }),
        }
      : undefined;
  }
  const username = env.KAFKA_SASL_USERNAME;
  const password = env.KAFKA_SASL_PASSWORD ?? env.KAFKA_SASL_PASSWORD_FILE?.trimEnd();
  return mechanism && username && password
    ? { mechanism: mechanism.toLowerCase() as Lowercase<typeof mechanism>, username, password }
    : undefined;
}

/** Whether a token endpoint URL is https, or http to this machine. */
function isTokenEndpoint(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

/** Returns the PostgreSQL TLS the variables describe, or undefined to leave it to the URL. */
export function databaseTlsOf(env: Omit<DatabaseTlsEnv, 'DATABASE_URL'>): DatabaseTls | undefined {
  return env.DATABASE_SSL_MODE && { mode: env.DATABASE_SSL_MODE, ca: env.DATABASE_SSL_CA_FILE };
}
