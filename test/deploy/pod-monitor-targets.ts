import { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { IContainerPort, IPodTemplateSpec } from 'kubernetes-models/v1';
import { selects } from './kubernetes';

/** One endpoint of a PodMonitor: what it scrapes on the pods it selects. */
export type PodMetricsEndpoint = IPodMonitor['spec']['podMetricsEndpoints'][number];

/** One pod template a PodMonitor endpoint scrapes, and the container port it scrapes on. */
export interface ScrapedPort {
  readonly monitor: IPodMonitor;
  readonly endpoint: PodMetricsEndpoint;
  readonly port: IContainerPort;
}

/**
 * Returns the endpoints of `monitors` that scrape pods of `template`, in `namespace`, each with
 * the container port it finds there, as the operator selects them: the monitor's namespace (no
 * `namespaceSelector`), its `matchLabels`, then a declared port: by name (`port`), else by the
 * name or number of `targetPort`.
 * @throws Error on selectors this check does not interpret (`matchExpressions`, other namespaces).
 */
export function scrapedPorts(
  monitors: readonly IPodMonitor[],
  namespace: string,
  template: IPodTemplateSpec,
): ScrapedPort[] {
  const declared = (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  return monitors
    .filter((monitor) => {
      const { selector, namespaceSelector } = monitor.spec ?? { selector: {} };
      if (selector.matchExpressions || namespaceSelector)
        throw new Error(`${monitor.metadata?.name}: a selector this check does not interpret`);
      return (
        monitor.metadata?.namespace === namespace &&
        selects(selector.matchLabels, template.metadata?.labels)
      );
    })
    .flatMap((monitor) =>
      (monitor.spec?.podMetricsEndpoints ?? []).flatMap((endpoint) =>
        declared
          .filter((port) =>
            endpoint.port !== undefined
              ? port.name === endpoint.port
              : [port.name, port.containerPort].includes(endpoint.targetPort),
          )
          .map((port) => ({ monitor, endpoint, port })),
      ),
    );
}

/**
 * Returns the `job` label of the targets of a scraped port: the operator's default,
 * `<namespace>/<PodMonitor>`, then the endpoint's relabelings applied to the pod's discovery
 * labels, as Prometheus applies them.
 * @throws Error on a relabeling action other than `replace`, which this check does not apply.
 */
export function jobOf(
  { monitor, endpoint, port }: ScrapedPort,
  template: IPodTemplateSpec,
): string {
  const labels = new Map<string, string>([
    ['__meta_kubernetes_namespace', monitor.metadata?.namespace ?? ''],
    ['__meta_kubernetes_pod_container_port_name', port.name ?? ''],
    ['__meta_kubernetes_pod_container_port_number', String(port.containerPort)],
    ...Object.entries(template.metadata?.labels ?? {}).map(
      ([name, value]) =>
        [`__meta_kubernetes_pod_label_${name.replace(/\W/g, '_')}`, value] as const,
    ),
    ['job', `${monitor.metadata?.namespace}/${monitor.metadata?.name}`],
  ]);
  for (const relabel of endpoint.relabelings ?? []) {
    const action = (relabel.action ?? 'replace').toLowerCase();
    if (action !== 'replace') throw new Error(`The relabeling action ${action} is not simulated`);
    const source = (relabel.sourceLabels ?? [])
      .map((name) => labels.get(name) ?? '')
      .join(relabel.separator ?? ';');
    const regex = new RegExp(`^(?:${relabel.regex ?? '(.*)'})$`);
    if (relabel.targetLabel === undefined || !regex.test(source)) continue;
    const value = source.replace(
      regex,
      (relabel.replacement ?? '$1').replace(/\$\{(\w+)\}/g, '$$$1'),
    );
    if (value === '') labels.delete(relabel.targetLabel);
    else labels.set(relabel.targetLabel, value);
  }
  return labels.get('job') ?? '';
}
