import { GENERATED, jsonPatch, patchEntry } from './manifest-parts';
import type { ServiceWiring } from './service-wiring';

/** How an environment's apps reach Kafka over SASL_SSL and PostgreSQL over TLS. */
export interface ConnectionSecurity {
  /** The SASL mechanism of the brokers' SASL_SSL listener. */
  readonly saslMechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  /** libpq's sslmode: both check the server's certificate against the mounted CA. */
  readonly databaseSslMode: 'verify-ca' | 'verify-full';
}

/** A Secret mounted read-only as files; the operator creates it outside this repository. */
interface SecretMount {
  /** The pod's volume name. */
  readonly volume: string;
  readonly secret: string;
  readonly mountPath: string;
  /** The Secret's keys the pod reads, each as the file of the same name. */
  readonly keys: readonly string[];
}

/** The image's user and group (docker/Dockerfile `USER 1000:1000`): the pods' fsGroup. */
const APP_GROUP = 1000;

/** 0440: the Secret's files are readable by their owner and the pod's fsGroup, by no one else. */
const SECRET_FILE_MODE = 0o440;

/**
 * The per-app Secret of the Kafka user: `username` (read as a variable) and `password`. Each app
 * has a user of its own, so that the brokers' ACLs tell an API from its worker.
 */
function kafkaAuth(app: string): SecretMount {
  return {
    volume: 'kafka-auth',
    secret: `${app}-kafka-auth`,
    mountPath: '/etc/kafka-auth',
    keys: ['password'],
  };
}

/** The shared Secret holding the CA of the brokers' certificates. */
const kafkaCa: SecretMount = {
  volume: 'kafka-ca',
  secret: 'kafka-cluster-ca',
  mountPath: '/etc/kafka-ca',
  keys: ['ca.crt'],
};

/** The shared Secret holding the CA of PostgreSQL's server certificate. */
const postgresCa: SecretMount = {
  volume: 'postgres-ca',
  secret: 'postgres-ca',
  mountPath: '/etc/postgres-ca',
  keys: ['ca.crt'],
};

/** The KEDA name of each SASL mechanism (its Kafka scaler's `sasl` parameter). */
const kedaSasl: Record<ConnectionSecurity['saslMechanism'], string> = {
  'SCRAM-SHA-256': 'scram_sha256',
  'SCRAM-SHA-512': 'scram_sha512',
};

type EnvVar = readonly [name: string, value: string | { secret: string; key: string }];

/** Returns the comment lines of an overlay that says which Secrets its operator creates. */
export function securityNotes(security: ConnectionSecurity, kafkaPort: number): string[] {
  const auth = kafkaAuth('<app>');
  return [
    `Kafka: SASL_SSL with ${security.saslMechanism} on the brokers' listener at port ${kafkaPort} (the`,
    `NetworkPolicies allow that port); PostgreSQL: TLS, DATABASE_SSL_MODE=${security.databaseSslMode}.`,
    `Also created outside this repository, mounted read-only (mode 0${SECRET_FILE_MODE.toString(8)}, fsGroup ${APP_GROUP}):`,
    `  ${auth.secret} (per app, <name>-api and <name>-worker)  keys username, password: the app's`,
    `    SCRAM user, whose ACLs kafka-users/ holds (applied in the Kafka cluster's namespace)`,
    `  ${kafkaCa.secret}  key ca.crt: the CA of the brokers' certificates`,
    `  ${postgresCa.secret}  key ca.crt: the CA of PostgreSQL's server certificate`,
    'See docs/operations.md, "Where the secrets come from on Kubernetes".',
  ];
}

/**
 * Returns the overlay's patches that secure every pod's connections: the variables, the Secret
 * volumes and fsGroup for each API and worker (Kafka and PostgreSQL) and each migration Job
 * (PostgreSQL), and the Kafka credentials of each worker's KEDA trigger.
 */
export function securityPatches(
  security: ConnectionSecurity,
  services: readonly ServiceWiring[],
): string[] {
  const database: EnvVar[] = [
    ['DATABASE_SSL_MODE', security.databaseSslMode],
    ['DATABASE_SSL_CA_FILE', `${postgresCa.mountPath}/ca.crt`],
  ];
  const appPatch = (app: string, container: string): string => {
    const auth = kafkaAuth(app);
    const env: EnvVar[] = [
      ['KAFKA_SECURITY_PROTOCOL', 'SASL_SSL'],
      ['KAFKA_SASL_MECHANISM', security.saslMechanism],
      ['KAFKA_SASL_USERNAME', { secret: auth.secret, key: 'username' }],
      ['KAFKA_SASL_PASSWORD_FILE', `${auth.mountPath}/password`],
      ['KAFKA_SSL_CA_FILE', `${kafkaCa.mountPath}/ca.crt`],
      ...database,
    ];
    const mounts = [auth, kafkaCa, postgresCa];
    return patchEntry(podPatch('apps/v1', 'Deployment', app, container, env, mounts));
  };
  const patches = services.flatMap(({ name }) => [
    appPatch(`${name}-api`, 'api'),
    appPatch(`${name}-worker`, 'worker'),
    jsonPatch({ kind: 'ScaledObject', name: `${name}-worker` }, [
      ['add', '/spec/triggers/0/metadata/sasl', kedaSasl[security.saslMechanism]],
      ['add', '/spec/triggers/0/metadata/tls', 'enable'],
      ['add', '/spec/triggers/0/authenticationRef', `{ name: ${triggerAuthenticationOf(name)} }`],
    ]),
  ]);
  // One patch for every migration Job: the target picks them, whatever the patch's own name.
  const migrations = patchEntry(
    podPatch('batch/v1', 'Job', 'migrate', 'migrate', database, [postgresCa]),
    { kind: 'Job', labelSelector: 'app.kubernetes.io/component=migration' },
  );
  return [...patches, migrations];
}

/** Returns the KEDA TriggerAuthentications with which each worker's scaler reads its group's lag. */
export function triggerAuthentications(services: readonly ServiceWiring[]): string {
  const objects = services.map(({ name }) => {
    const auth = kafkaAuth(`${name}-worker`);
    return `apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: ${triggerAuthenticationOf(name)}
  labels:
    app.kubernetes.io/part-of: ${name}
spec:
  secretTargetRef:
    - parameter: username
      name: ${auth.secret}
      key: username
    - parameter: password
      name: ${auth.secret}
      key: password
    - parameter: ca
      name: ${kafkaCa.secret}
      key: ca.crt`;
  });
  return `${GENERATED}
# KEDA connects to Kafka itself to read each worker group's lag: with the worker's SCRAM user and
# the brokers' CA, from the Secrets the apps mount.
${objects.join('\n---\n')}
`;
}

function triggerAuthenticationOf(service: string): string {
  return `${service}-worker-kafka`;
}

/** A strategic merge patch of one pod template: variables, read-only Secret volumes, fsGroup. */
function podPatch(
  apiVersion: string,
  kind: string,
  name: string,
  container: string,
  env: readonly EnvVar[],
  mounts: readonly SecretMount[],
): string {
  const variables = env.map(([variable, value]) =>
    typeof value === 'string'
      ? `                  - name: ${variable}\n                    value: ${value}`
      : `                  - name: ${variable}\n                    valueFrom:\n                      secretKeyRef:\n                        name: ${value.secret}\n                        key: ${value.key}`,
  );
  const volumeMounts = mounts.map(
    (m) =>
      `                  - name: ${m.volume}\n                    mountPath: ${m.mountPath}\n                    readOnly: true`,
  );
  const volumes = mounts.map(
    (m) => `              - name: ${m.volume}
                secret:
                  secretName: ${m.secret}
                  defaultMode: ${SECRET_FILE_MODE} # 0${SECRET_FILE_MODE.toString(8)}
                  items:
${m.keys.map((key) => `                    - key: ${key}\n                      path: ${key}`).join('\n')}`,
  );
  return `      apiVersion: ${apiVersion}
      kind: ${kind}
      metadata:
        name: ${name}
      spec:
        template:
          spec:
            securityContext:
              fsGroup: ${APP_GROUP}
            containers:
              - name: ${container}
                env:
${variables.join('\n')}
                volumeMounts:
${volumeMounts.join('\n')}
            volumes:
${volumes.join('\n')}`;
}
