import { GENERATED } from './manifest-parts';
import { Environment, LandscapeConfig, ServiceWiring } from './service-wiring';

/** Returns `k8s/base/kustomization.yaml`: every service's base and the shared ConfigMap. */
export function baseKustomization(services: readonly ServiceWiring[]): string {
  return `${GENERATED}
# Every service of the landscape. Not applied on its own: an overlay (k8s/overlays/dev, prod) sets
# the namespace, the image, where Kafka and PostgreSQL are, and the scale, then the wiring
# component copies config into the objects that cannot read a ConfigMap.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${services.map((s) => `  - services/${s.name}`).join('\n')}
# What every app of every service reads; a change renames it (hash suffix), so the apps roll.
configMapGenerator:
  - name: landscape
    literals:
${literals(LandscapeConfig)}
`;
}

/** Returns \`k8s/overlays/<environment>/kustomization.yaml\`. */
export function overlayKustomization(
  environment: Environment,
  services: readonly ServiceWiring[],
): string {
  const prefix = environment.config.KAFKA_TOPIC_PREFIX ?? LandscapeConfig.KAFKA_TOPIC_PREFIX;
  const patches: string[] = [];
  if (environment.replicas) {
    const { api, worker } = environment.replicas;
    patches.push(
      patch({ kind: 'HorizontalPodAutoscaler' }, [
        ['/spec/minReplicas', api.min],
        ['/spec/maxReplicas', api.max],
      ]),
      patch({ kind: 'ScaledObject' }, [
        ['/spec/minReplicaCount', worker.min],
        ['/spec/maxReplicaCount', worker.max],
      ]),
    );
  }
  // KEDA reads the group's lag itself: it needs the prefixed names the worker uses.
  if (prefix !== '') {
    for (const service of services)
      patches.push(
        patch({ kind: 'ScaledObject', name: `${service.name}-worker` }, [
          ['/spec/triggers/0/metadata/consumerGroup', `${prefix}${service.workerGroup}`],
          ['/spec/triggers/0/metadata/topic', `${prefix}${service.commandsTopic}`],
        ]),
      );
  }
  return `${GENERATED}
${environment.notes.map((line) => `# ${line}`).join('\n')}
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${environment.namespace}
resources:
  - ../../base
components:
  - ../../components/wiring
images:
  - name: kafka-materialized
    newName: ${environment.image.newName}
    newTag: ${environment.image.newTag}
configMapGenerator:
  - name: landscape
    behavior: merge
    literals:
${literals(environment.config)}
${services
  .map(
    (service) =>
      `  - name: ${service.name}-api\n    behavior: merge\n    literals:\n${literals(environment.api(service))}`,
  )
  .join('\n')}
${patches.length > 0 ? `patches:\n${patches.join('\n')}\n` : ''}`;
}

/** One JSON patch of the objects a target selects, as an overlay's \`patches\` entry. */
function patch(
  target: { kind: string; name?: string },
  operations: readonly (readonly [string, string | number])[],
): string {
  const select = Object.entries(target)
    .map(([key, value]) => `      ${key}: ${value}`)
    .join('\n');
  const ops = operations
    .map(([path, value]) => `      - op: replace\n        path: ${path}\n        value: ${value}`)
    .join('\n');
  return `  - target:\n${select}\n    patch: |-\n${ops}`;
}

/** The literals of a configMapGenerator entry, one `KEY=value` a line. */
function literals(values: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(values)
    .map(([key, value]) => `      - ${key}=${value ?? ''}`)
    .join('\n');
}
