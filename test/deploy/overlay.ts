// The `apps` group through its index: the lint rule against importing our apps matches `*/apps/*`.
import { v1 as appsV1 } from 'kubernetes-models/apps';
import { IJob, Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, IConfigMap, IContainer, IPodTemplateSpec } from 'kubernetes-models/v1';
import { AppFacts, appByEntry } from './app-facts';
import { KubeObject, named, objectsOf, renderOverlay } from './kubernetes';

/** A pod template and the object that owns it. */
export interface Workload {
  readonly name: string;
  readonly template: IPodTemplateSpec;
}

/** A Deployment running one of our apps, with the environment its container gets. */
export interface AppDeployment {
  readonly deployment: appsV1.IDeployment;
  readonly container: IContainer;
  readonly app: AppFacts;
  /** Variables set for the container: ConfigMap values, literals, `secret:<name>/<key>` references. */
  readonly env: ReadonlyMap<string, string>;
  /**
   * Returns the value the app reads: the container's variable, else the schema's literal default.
   * @throws Error when there is neither.
   */
  setting(variable: string): string;
}

/** A rendered overlay, with the pods and apps it runs. */
export interface Overlay {
  readonly objects: readonly KubeObject[];
  readonly configMaps: readonly IConfigMap[];
  readonly deployments: readonly appsV1.IDeployment[];
  readonly jobs: readonly IJob[];
  readonly workloads: readonly Workload[];
  readonly containers: readonly { readonly workload: Workload; readonly container: IContainer }[];
  readonly apps: readonly AppDeployment[];
  /** @throws Error when no Deployment runs the app. */
  app(name: string): AppDeployment;
  environmentOf(container: IContainer): Map<string, string>;
}

/** Renders `k8s/overlays/<name>` and indexes what it runs. */
export function loadOverlay(name: string): Overlay {
  const objects = renderOverlay(name);
  const configMaps = objectsOf(objects, ConfigMap);
  const deployments = objectsOf(objects, appsV1.Deployment);
  const jobs = objectsOf(objects, Job);
  const workloads: Workload[] = [...deployments, ...jobs].map((owner) => ({
    name: owner.metadata?.name ?? '(unnamed)',
    template: podTemplateOf(owner),
  }));
  const containers = workloads.flatMap((workload) =>
    [
      ...(workload.template.spec?.containers ?? []),
      ...(workload.template.spec?.initContainers ?? []),
    ].map((container) => ({ workload, container })),
  );

  const environmentOf = (container: IContainer): Map<string, string> => {
    const env = new Map<string, string>();
    for (const source of container.envFrom ?? []) {
      const data = named(configMaps, source.configMapRef?.name ?? '(not a ConfigMap)').data ?? {};
      for (const [key, value] of Object.entries(data)) env.set(key, value);
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      env.set(
        variable.name,
        secret ? `secret:${secret.name}/${secret.key}` : (variable.value ?? ''),
      );
    }
    return env;
  };

  const apps = deployments.map((deployment): AppDeployment => {
    const [container] = podTemplateOf(deployment).spec?.containers ?? [];
    const app = appByEntry(container?.args?.[1]);
    const env = environmentOf(container);
    const setting = (variable: string): string => {
      // As loadConfig: an empty variable counts as unset.
      const value = env.get(variable) || app.config.get(variable)?.defaultValue;
      if (value === undefined) throw new Error(`${app.name} gets no literal ${variable}`);
      return value;
    };
    return { deployment, container, app, env, setting };
  });

  return {
    objects,
    configMaps,
    deployments,
    jobs,
    workloads,
    containers,
    apps,
    environmentOf,
    app(appName) {
      const found = apps.find((entry) => entry.app.name === appName);
      if (!found) throw new Error(`No Deployment runs ${appName}`);
      return found;
    },
  };
}

function podTemplateOf(owner: { spec?: { template: IPodTemplateSpec } }): IPodTemplateSpec {
  if (!owner.spec) throw new Error('A workload without a spec');
  return owner.spec.template;
}
