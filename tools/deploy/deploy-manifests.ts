/**
 * Writes every service's deployment wiring from tools/landscape.ts: its Kubernetes base
 * (k8s/base/services/<name>), the base and overlay kustomizations that list it, its PodMonitors
 * and the alert rules and dashboards of k8s/monitoring (k8s/components/monitoring), its Kafka
 * users and their ACLs (secured overlays, docs/operations.md), its compose services (plain and
 * secured) and the image's ports: `npm run deploy:manifests`. A unit spec
 * fails when a committed file is not what this would write.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { landscape } from '../landscape';
import { composeWithApps, dockerfileWithPorts } from './compose-apps';
import { composeSecureWithApps } from './compose-secure';
import { triggerAuthentications } from './connection-security';
import {
  baseKustomization,
  overlayKustomization,
  TRIGGER_AUTHENTICATIONS,
} from './landscape-manifests';
import { kafkaAclFiles } from './kafka-users';
import { monitoringFiles, monitoringSources } from './monitoring-manifests';
import { serviceManifests } from './service-manifests';
import { environments, ServiceWiring, wiringOf } from './service-wiring';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** Where each service's generated Kubernetes base lives, one folder per service. */
export const SERVICES_DIR = 'k8s/base/services';

/**
 * Returns every file the wiring of `services` consists of, by path from the repository root.
 * Compose and the Dockerfile are read from `root` and only their generated parts change.
 */
export function deploymentFiles(
  services: readonly ServiceWiring[],
  root: string = ROOT,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const service of services)
    for (const [file, text] of Object.entries(serviceManifests(service)))
      files.set(`${SERVICES_DIR}/${service.name}/${file}`, text);
  files.set('k8s/base/kustomization.yaml', baseKustomization(services));
  for (const environment of environments) {
    const overlay = `k8s/overlays/${environment.name}`;
    files.set(`${overlay}/kustomization.yaml`, overlayKustomization(environment, services));
    if (environment.security)
      files.set(`${overlay}/${TRIGGER_AUTHENTICATIONS}`, triggerAuthentications(services));
  }
  for (const [file, text] of monitoringFiles(services, monitoringSources(root)))
    files.set(file, text);
  const read = (file: string): string => readFileSync(join(root, file), 'utf8');
  for (const [file, text] of kafkaAclFiles(services, read)) files.set(file, text);
  files.set('docker/compose.yaml', composeWithApps(read('docker/compose.yaml'), services));
  files.set(
    'docker/compose.secure.yaml',
    composeSecureWithApps(read('docker/compose.secure.yaml'), services),
  );
  files.set('docker/Dockerfile', dockerfileWithPorts(read('docker/Dockerfile'), services));
  return files;
}

/** The wiring of every service of tools/landscape.ts. */
export function landscapeWiring(): ServiceWiring[] {
  return Object.values(landscape).map(wiringOf);
}

/** Returns the service folders under k8s/base/services that no service of `services` owns. */
export function staleServiceFolders(
  services: readonly ServiceWiring[],
  root: string = ROOT,
): string[] {
  const folder = join(root, SERVICES_DIR);
  if (!existsSync(folder)) return [];
  const names = new Set(services.map((s) => s.name));
  return readdirSync(folder)
    .filter((name) => !names.has(name))
    .map((name) => `${SERVICES_DIR}/${name}`);
}

if (require.main === module) {
  const services = landscapeWiring();
  for (const stale of staleServiceFolders(services)) {
    rmSync(join(ROOT, stale), { recursive: true });
    process.stdout.write(`removed ${stale}\n`);
  }
  for (const [file, text] of deploymentFiles(services)) {
    mkdirSync(dirname(join(ROOT, file)), { recursive: true });
    writeFileSync(join(ROOT, file), text);
  }
  process.stdout.write(
    `wrote the deployment of ${services.map((s) => s.name).join(', ')} (k8s/, docker/)\n`,
  );
}
