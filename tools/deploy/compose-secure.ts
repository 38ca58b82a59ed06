import { withGeneratedServices } from './compose-apps';
import { ServiceWiring } from './service-wiring';

/**
 * Returns docker/compose.secure.yaml with its generated part rewritten: the migration of every
 * service on PostgreSQL over TLS, its API and worker on Kafka over SASL_SSL as well (as the
 * prod overlay does), each taking the settings the file's head defines once.
 * @throws Error when the file has lost its markers.
 */
export function composeSecureWithApps(compose: string, services: readonly ServiceWiring[]): string {
  return withGeneratedServices(
    'docker/compose.secure.yaml',
    compose,
    services.map(
      ({ name }) => `  ${name}-migrate: *secured-migration
  ${name}-api: *secured-app
  ${name}-worker: *secured-app
`,
    ),
  );
}
