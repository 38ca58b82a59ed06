import { containerBasics, GENERATED, hardenedContainer, labels, podBasics } from './manifest-parts';
import { ServiceWiring } from './service-wiring';

/** Returns `worker.yaml`: the worker's Deployment, KEDA ScaledObject and PodDisruptionBudget. */
export function worker({ name, ports, workerGroup }: ServiceWiring): string {
  const app = `${name}-worker`;
  return `${GENERATED}
# ${app}: one member of the \`${workerGroup}\` consumer group per pod. kafkajs has no static
# membership and no cooperative rebalancing: every pod that joins or leaves stops the whole group
# for one rebalance. The settings below keep a rollout to one change at a time (see
# docs/operations.md, "Rolling a consumer group").
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
${labels(app, 'worker', '  ')}
spec:
  # No \`replicas\`: the KEDA ScaledObject below owns the count, capped at the partition count.
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # Never below the running count, one new member at a time: a join, then a leave, per step.
      maxUnavailable: 0
      maxSurge: 1
  # A pod is ready once it has joined the group (that rebalance is over). Waiting 10 s more
  # (>= one rebalance: a heartbeat interval of 3 s for members to notice, plus a batch in hand)
  # lets the group process between two rebalances instead of rebalancing back to back.
  minReadySeconds: 10
  template:
    metadata:
${labels(app, 'worker', '      ')}
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '${ports.worker}'
        prometheus.io/path: /metrics
    spec:
      # Shutdown arithmetic (seconds): SHUTDOWN_BUDGET_MS 20 (stop fetching, finish the batch in
      # hand, publish, commit, leave the group; measured ~1 idle) + closing HTTP and the database
      # pool (< 1) + slack = 30 > 20. Past the budget the worker exits by itself; a SIGKILL instead
      # would cost KAFKA_SESSION_TIMEOUT_MS (30 s) of stalled partitions before the rebalance.
      terminationGracePeriodSeconds: 30
${podBasics(app)}
      containers:
        - name: worker
          image: kafka-materialized
          args: [node, dist/apps/${name}/worker/main.js]
          ports:
            - name: http
              containerPort: ${ports.worker}
          # Ready = connected, in the group, not crashed, not stopping. A rebalance makes it briefly
          # unready; three failures (15 s) are needed before the pod counts as unavailable.
${containerBasics(name, app, 3)}
          resources:
            requests:
              cpu: 250m
              memory: 256Mi
            limits:
              cpu: '1'
              memory: 512Mi
${hardenedContainer}
---
# Scales on the group's lag; never beyond the partition count (a member past it gets no partition).
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${app}
${labels(app, 'worker', '  ')}
spec:
  scaleTargetRef:
    name: ${app}
  pollingInterval: 15
  cooldownPeriod: 300
  # Never zero: the worker also relays the outbox rows a crashed worker left behind.
  minReplicaCount: 2
  maxReplicaCount: 12 # = KAFKA_PARTITIONS
  advanced:
    horizontalPodAutoscalerConfig:
      # Each replica added or removed is a rebalance of the whole group: scale in small steps.
      behavior:
        scaleUp:
          stabilizationWindowSeconds: 0
          policies:
            - type: Pods
              value: 2
              periodSeconds: 60
        scaleDown:
          stabilizationWindowSeconds: 300
          policies:
            - type: Pods
              value: 1
              periodSeconds: 120
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: set-from-landscape # k8s/components/wiring: KAFKA_BROKERS
        # KAFKA_TOPIC_PREFIX + the worker's group (overlays add the prefix). No topic: the lag of
        # every topic the group reads, its commands and the other services' facts it consumes or
        # observes, so that a worker whose work comes from another service's facts scales too.
        consumerGroup: ${workerGroup}
        # Target lag per replica: one transaction's worth of events (maxBatchSize 500).
        lagThreshold: '500'
        offsetResetPolicy: earliest
        allowIdleConsumers: 'false'
        scaleToZeroOnInvalidOffset: 'false'
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
${labels(app, 'worker', '  ')}
spec:
  # Drains evict one member at a time: one rebalance per eviction.
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
`;
}
