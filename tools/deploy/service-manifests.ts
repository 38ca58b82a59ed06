import { api } from './api-manifest';
import { GENERATED, hardenedContainer, kafkaPortOf, labels, podSecurity } from './manifest-parts';
import { LandscapeConfig, ServiceWiring } from './service-wiring';
import { worker } from './worker-manifest';

/** Returns the files of `k8s/base/services/<name>/`, by file name. */
export function serviceManifests(service: ServiceWiring): Record<string, string> {
  return {
    'kustomization.yaml': kustomization(service),
    'api.yaml': api(service),
    'worker.yaml': worker(service),
    'migrate.yaml': migrate(service),
    'network-policies.yaml': networkPolicies(service),
  };
}

function kustomization({ name, schema, ports }: ServiceWiring): string {
  return `${GENERATED}
# The ${name} service: API, worker, migration Job, configuration and network policies.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
labels:
  - pairs:
      app.kubernetes.io/part-of: ${name}
    includeTemplates: true
resources:
  - api.yaml
  - worker.yaml
  - migrate.yaml
  - network-policies.yaml
# A change of configuration renames the ConfigMap (hash suffix), so the Deployments roll. What
# every service shares (brokers, prefix, partitions, log level) is the \`landscape\` ConfigMap.
configMapGenerator:
  - name: ${name}-api
    literals:
      # HTTP_PORT must match the container port (test/deploy checks it).
      - HTTP_PORT=${ports.api}
      - DATABASE_SCHEMA=${schema}
      - PREFER_WAIT_MAX_SECONDS=30
      # The preStop sleep already keeps the pod serving while endpoints drain.
      - SHUTDOWN_DRAIN_MS=0
  - name: ${name}-worker
    literals:
      - HTTP_PORT=${ports.worker}
      - DATABASE_SCHEMA=${schema}
      - WORKER_CONCURRENCY=4
      # terminationGracePeriodSeconds (worker.yaml) must exceed this.
      - SHUTDOWN_BUDGET_MS=20000
      - KAFKA_SESSION_TIMEOUT_MS=30000
      - KAFKA_HEARTBEAT_INTERVAL_MS=3000
`;
}

function migrate({ name, schema }: ServiceWiring): string {
  const app = `${name}-migrate`;
  return `${GENERATED}
# Runs the ${name} migrations (worker tables, then the view) before the apps roll; they are
# idempotent: a schema already up to date is left alone. With kubectl, apply this Job first and
# wait for it (docs/operations.md, "Deploying"); Argo CD runs it as a PreSync hook, recreated on
# each sync. It depends on no generated ConfigMap (a hook runs before those exist).
apiVersion: batch/v1
kind: Job
metadata:
  name: ${app}
${labels(app, 'migration', '  ')}
  annotations:
    argocd.argoproj.io/hook: PreSync
    argocd.argoproj.io/hook-delete-policy: BeforeHookCreation
spec:
  backoffLimit: 3
  activeDeadlineSeconds: 600
  template:
    metadata:
${labels(app, 'migration', '      ')}
    spec:
      restartPolicy: Never
${podSecurity}
      containers:
        - name: migrate
          image: kafka-materialized
          args: [node, dist/tools/migrate.js, ${name}]
          env:
            - name: DATABASE_SCHEMA
              value: ${schema}
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: ${name}-database
                  key: DATABASE_URL
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: '1'
              memory: 256Mi
${hardenedContainer}
`;
}

/** Where the Kafka port lies in each service's `<name>-egress` NetworkPolicy: an overlay's patch path. */
export const KAFKA_EGRESS_PORT = '/spec/egress/1/ports/0/port';

function networkPolicies({ name }: ServiceWiring): string {
  return `${GENERATED}
# Every ${name} pod (label app.kubernetes.io/part-of: ${name}): nothing in or out but what the
# policies below allow. Kubelet probes come from the node and are not subject to these policies.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-default-deny
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/part-of: ${name}
  policyTypes: [Ingress, Egress]
---
# Out: DNS, Kafka and PostgreSQL only. Services talk through Kafka, never to each other directly.
# The Kafka port is the brokers' of the \`landscape\` ConfigMap; an overlay that moves them patches it.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-egress
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/part-of: ${name}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kafka
      ports:
        - protocol: TCP
          port: ${kafkaPortOf(LandscapeConfig.KAFKA_BROKERS)}
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: postgres
      ports:
        - protocol: TCP
          port: 5432
---
# Out, API: HTTPS to the token issuer's key set (AUTH_JWKS_URL), outside the cluster: by port.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-api-egress-issuer
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}-api
  policyTypes: [Egress]
  egress:
    - ports:
        - protocol: TCP
          port: 443
---
# In, API: from the ingress controller, and the metrics scrape.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-api-ingress
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}-api
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
      ports:
        - protocol: TCP
          port: http
---
# In, worker: the metrics scrape only.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-worker-ingress
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}-worker
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: monitoring
      ports:
        - protocol: TCP
          port: http
`;
}
