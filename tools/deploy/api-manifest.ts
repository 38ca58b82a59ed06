import { containerBasics, GENERATED, hardenedContainer, labels, podBasics } from './manifest-parts';
import { ServiceWiring } from './service-wiring';

/** Returns `api.yaml`: the API's Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget. */
export function api({ name, ports }: ServiceWiring): string {
  const app = `${name}-api`;
  return `${GENERATED}
# ${app}: HTTP API (reads the view, turns writes into commands). Stateless: scaled on CPU.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
${labels(app, 'api', '  ')}
spec:
  # No \`replicas\`: the HorizontalPodAutoscaler below owns the count; a declared one would reset it
  # on every apply.
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  minReadySeconds: 5
  template:
    metadata:
${labels(app, 'api', '      ')}
      annotations:
        prometheus.io/scrape: 'true'
        prometheus.io/port: '${ports.api}'
        prometheus.io/path: /metrics
    spec:
      # Shutdown arithmetic (seconds): preStop sleep 5 (endpoints drain while the pod still serves)
      # + SHUTDOWN_DRAIN_MS 0 + the longest \`Prefer: wait\` in flight, PREFER_WAIT_MAX_SECONDS 30
      # + closing the producer and the database pools (measured ~0.1) with slack to 5 = 40 < 45.
      terminationGracePeriodSeconds: 45
${podBasics(app)}
      containers:
        - name: api
          image: kafka-materialized
          args: [node, dist/apps/${name}/api/main.js]
          ports:
            - name: http
              containerPort: ${ports.api}
          # Live says only that the process answers (an outage must not restart pods); ready checks
          # the database and the producer, and turns 503 as soon as shutdown begins.
${containerBasics(name, app, 2)}
          lifecycle:
            preStop:
              exec:
                command: [/bin/sleep, '5']
          resources:
            requests:
              cpu: 100m
              memory: 256Mi
            limits:
              cpu: '1'
              memory: 512Mi
          # Nothing is written at run time: the root filesystem is read-only and no volume is needed.
${hardenedContainer}
---
apiVersion: v1
kind: Service
metadata:
  name: ${app}
${labels(app, 'api', '  ')}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${app}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${app}
${labels(app, 'api', '  ')}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${app}
  minReplicas: 2
  maxReplicas: 6
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
${labels(app, 'api', '  ')}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
`;
}
