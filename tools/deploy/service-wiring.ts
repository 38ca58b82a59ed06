import { KafkaAccess, ServiceDefinition } from '@app/service';
import type { ConnectionSecurity } from './connection-security';

/** What the deployment files of one service are made from: read from its definition. */
export interface ServiceWiring {
  readonly name: string;
  readonly schema: string;
  readonly ports: { readonly api: number; readonly worker: number };
  /** The worker's consumer group id, by the landscape's convention `<name>-worker`. */
  readonly workerGroup: string;
  /** Its topics and the other services' topics it reads and writes: what its Kafka ACLs follow from. */
  readonly kafka: KafkaAccess;
}

/** Returns the wiring of a service from its definition. */
export function wiringOf(service: ServiceDefinition): ServiceWiring {
  return {
    name: service.name,
    schema: service.schema,
    ports: service.ports,
    workerGroup: `${service.name}-worker`,
    kafka: {
      name: service.name,
      topics: service.topics,
      consumes: (service.consumes ?? []).map(({ topic }) => ({ topic })),
      sends: (service.sends ?? []).map(({ topic }) => ({ topic })),
    },
  };
}

/** Settings every environment shares unless it overrides them (the `landscape` ConfigMap). */
export const LandscapeConfig = {
  KAFKA_BROKERS: 'kafka-bootstrap.kafka.svc.cluster.local:9092',
  KAFKA_TOPIC_PREFIX: '',
  /** Partitions when the apps create their topics: the cap on worker replicas. */
  KAFKA_PARTITIONS: '12',
  /** Copies of each partition of the topics the apps create; empty: the brokers' default. */
  KAFKA_REPLICATION_FACTOR: '',
  /** `min.insync.replicas` of those topics; empty: the brokers' default. */
  KAFKA_MIN_INSYNC_REPLICAS: '',
  LOG_LEVEL: 'log',
} as const;

/** One environment: an overlay of its own, `k8s/overlays/<name>`. */
export interface Environment {
  readonly name: string;
  /** The comment at the top of the overlay: what it is and how to set it up. */
  readonly notes: readonly string[];
  readonly namespace: string;
  readonly image: { readonly newName: string; readonly newTag: string };
  /** Overrides of the `landscape` ConfigMap. */
  readonly config: Partial<Record<keyof typeof LandscapeConfig, string>>;
  /** What each service's API gets besides (its `<name>-api` ConfigMap): who issues its tokens. */
  readonly api: (service: ServiceWiring) => Readonly<Record<string, string>>;
  /** Replica bounds of each API and each worker, when not the base's. */
  readonly replicas?: {
    readonly api: { readonly min: number; readonly max: number };
    readonly worker: { readonly min: number; readonly max: number };
  };
  /** TLS and SASL to Kafka, TLS to PostgreSQL, from mounted Secrets; unset: plaintext, as the URL says. */
  readonly security?: ConnectionSecurity;
  /** Lists k8s/components/monitoring: its cluster runs the Prometheus Operator (its CRDs are needed). */
  readonly monitoring?: boolean;
}

/** The environments the landscape is deployed to. */
export const environments: readonly Environment[] = [
  {
    name: 'dev',
    notes: [
      'Development: a namespace of its own on a shared Kafka (topics and groups prefixed `dev.`), three',
      'partitions, one replica of each app at rest. Per service <name> of tools/landscape.ts:',
      '  kubectl create namespace landscape-dev',
      '  kubectl -n landscape-dev create secret generic <name>-database \\',
      "    --from-literal=DATABASE_URL='postgresql://USER:PASSWORD@HOST:5432/DB'",
      '  kubectl kustomize k8s/overlays/dev            (renders offline; test/deploy checks it)',
      'No PodMonitors nor alert rules: a development cluster may lack the Prometheus Operator, and its',
      'alerts would page for test traffic. The pods carry prometheus.io/* annotations for a plain Prometheus.',
    ],
    namespace: 'landscape-dev',
    image: { newName: 'registry.example.com/kafka-materialized', newTag: 'dev' },
    config: { KAFKA_TOPIC_PREFIX: 'dev.', KAFKA_PARTITIONS: '3', LOG_LEVEL: 'debug' },
    // No token issuer in development: every caller is let in (libs/auth, "Turning it off").
    api: () => ({ AUTH_MODE: 'off' }),
    replicas: { api: { min: 1, max: 2 }, worker: { min: 1, max: 3 } },
  },
  {
    name: 'prod',
    notes: [
      'Production: twelve partitions, so at most twelve workers per service; at least two of each app.',
      'The release pipeline pins the image by digest:',
      '  (cd k8s/overlays/prod && kustomize edit set image kafka-materialized=REGISTRY/kafka-materialized@sha256:…)',
      'The <name>-database Secret (key DATABASE_URL) of each service is created outside this repository,',
      'without sslmode in the URL: DATABASE_SSL_MODE says it.',
      'PodMonitors, the alert rules and the dashboards come with k8s/components/monitoring (the Prometheus',
      'Operator\'s CRDs first; docs/operations.md, "Monitoring on Kubernetes").',
    ],
    namespace: 'landscape',
    image: { newName: 'registry.example.com/kafka-materialized', newTag: '0.1.0' },
    config: {
      KAFKA_BROKERS: [0, 1, 2]
        // 9093: the brokers' SASL_SSL listener (the NetworkPolicies follow this port).
        .map((i) => `kafka-${i}.kafka-brokers.kafka.svc.cluster.local:9093`)
        .join(','),
      KAFKA_PARTITIONS: '12',
      // One broker may be lost without losing an acknowledged record or refusing writes.
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_MIN_INSYNC_REPLICAS: '2',
    },
    // Bearer tokens (JWT) of the organisation's issuer; each API is an audience of its own.
    api: (service) => ({
      AUTH_ISSUER: 'https://login.example.com/',
      AUTH_AUDIENCE: `${service.name}-api`,
      AUTH_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
    }),
    // SCRAM users per service and the cluster's CA; PostgreSQL's certificate checked, host name too.
    security: { saslMechanism: 'SCRAM-SHA-512', databaseSslMode: 'verify-full' },
    monitoring: true,
  },
];
