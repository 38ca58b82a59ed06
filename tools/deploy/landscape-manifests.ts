import { securityNotes, securityPatches } from './connection-security';
import { GENERATED, jsonPatch, kafkaPortOf } from './manifest-parts';
import { KAFKA_EGRESS_PORT } from './service-manifests';
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

/** The file of an overlay that holds the KEDA TriggerAuthentications, when it secures Kafka. */
export const TRIGGER_AUTHENTICATIONS = 'kafka-trigger-authentications.yaml';

/** Returns \`k8s/overlays/<environment>/kustomization.yaml\`. */
export function overlayKustomization(
  environment: Environment,
  services: readonly ServiceWiring[],
): string {
  const { security } = environment;
  const prefix = environment.config.KAFKA_TOPIC_PREFIX ?? LandscapeConfig.KAFKA_TOPIC_PREFIX;
  const kafkaPort = kafkaPortOf(environment.config.KAFKA_BROKERS ?? LandscapeConfig.KAFKA_BROKERS);
  const patches: string[] = [];
  if (environment.replicas) {
    const { api, worker } = environment.replicas;
    patches.push(
      jsonPatch({ kind: 'HorizontalPodAutoscaler' }, [
        ['replace', '/spec/minReplicas', api.min],
        ['replace', '/spec/maxReplicas', api.max],
      ]),
      jsonPatch({ kind: 'ScaledObject' }, [
        ['replace', '/spec/minReplicaCount', worker.min],
        ['replace', '/spec/maxReplicaCount', worker.max],
      ]),
    );
  }
  // KEDA reads the group's lag itself: it needs the prefixed group the worker joins.
  if (prefix !== '') {
    for (const service of services)
      patches.push(
        jsonPatch({ kind: 'ScaledObject', name: `${service.name}-worker` }, [
          ['replace', '/spec/triggers/0/metadata/consumerGroup', `${prefix}${service.workerGroup}`],
        ]),
      );
  }
  // The egress to Kafka follows the brokers' port; `test` fails the render if the rule has moved.
  const basePort = kafkaPortOf(LandscapeConfig.KAFKA_BROKERS);
  if (kafkaPort !== basePort)
    for (const service of services)
      patches.push(
        jsonPatch({ kind: 'NetworkPolicy', name: `${service.name}-egress` }, [
          ['test', KAFKA_EGRESS_PORT, basePort],
          ['replace', KAFKA_EGRESS_PORT, kafkaPort],
        ]),
      );
  if (security) patches.push(...securityPatches(security, services));
  const notes = [...environment.notes, ...(security ? securityNotes(security, kafkaPort) : [])];
  return `${GENERATED}
${notes.map((line) => `# ${line}`).join('\n')}
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ${environment.namespace}
resources:
  - ../../base${security ? `\n  - ${TRIGGER_AUTHENTICATIONS}` : ''}
components:
  - ../../components/wiring${environment.monitoring ? '\n  - ../../components/monitoring' : ''}
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

/** The literals of a configMapGenerator entry, one `KEY=value` a line. */
function literals(values: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(values)
    .map(([key, value]) => `      - ${key}=${value ?? ''}`)
    .join('\n');
}
