import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import {
  PodMonitor,
  PrometheusRule,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
// The `apps` group through its index: the lint rule against importing our apps matches `*/apps/*`.
import { v1 as appsV1 } from 'kubernetes-models/apps';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';

const { Deployment } = appsV1;
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './app-facts';

/** A model class of kubernetes-models: a type guard on apiVersion/kind and an OpenAPI validator. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: { validate(): void };
}

/** Every kind the manifests may hold; anything else is an error. */
const models: readonly ModelClass[] = [
  ConfigMap,
  Secret,
  Service,
  Deployment,
  Job,
  HorizontalPodAutoscaler,
  PodDisruptionBudget,
  NetworkPolicy,
  ScaledObject,
  TriggerAuthentication,
  PodMonitor,
  PrometheusRule,
];

/** One rendered object, as YAML gave it. */
export type KubeObject = Record<string, unknown>;

/**
 * Renders an overlay with `kubectl kustomize` (offline).
 * @throws Error when kubectl is missing or kustomize fails.
 */
export function renderOverlay(overlay: string): KubeObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', join(ROOT, 'k8s', 'overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      throw new Error('kubectl is needed on PATH to render k8s/overlays (`kubectl kustomize`)');
    throw error;
  }
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw new Error(document.errors.join('\n'));
    const value: unknown = document.toJS();
    if (!isRecord(value)) throw new Error(`kustomize rendered a non-object: ${String(value)}`);
    return value;
  });
}

/**
 * Validates an object against the OpenAPI schema of its kind, then rejects every field the
 * schema does not know: kubernetes-models' validators accept unknown fields, which the API
 * server would drop (or, with strict field validation, refuse).
 * @throws Error naming the schema violations or the unknown fields.
 */
export function validateStrictly(object: KubeObject): void {
  const model = models.find((m) => m.apiVersion === object.apiVersion && m.kind === object.kind);
  if (!model)
    throw new Error(`Unexpected kind ${String(object.apiVersion)}/${String(object.kind)}`);
  const nodes: TrackedNode[] = [];
  model.prototype.validate.call(track(object, '', nodes));
  const unknown = nodes.flatMap(({ path, value, read }) =>
    Array.isArray(value)
      ? []
      : Object.keys(value)
          .filter((key) => !read.has(key))
          .map((key) => `${path}.${key}`),
  );
  if (unknown.length > 0) throw new Error(`Fields unknown to the schema: ${unknown.join(', ')}`);
}

interface TrackedNode {
  readonly path: string;
  readonly value: object;
  /** Keys the validator looked up: the compiled validators read every property their schema names. */
  readonly read: Set<string>;
}

/** Wraps every object and array in a proxy that records which keys the validator reads. */
function track(value: unknown, path: string, nodes: TrackedNode[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const read = new Set<string>();
  nodes.push({ path, value, read });
  const copy: unknown = Array.isArray(value)
    ? value.map((item, index) => track(item, `${path}[${index}]`, nodes))
    : Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, track(item, `${path}.${key}`, nodes)]),
      );
  return new Proxy(copy as object, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
  });
}

/** Narrows rendered objects to one model's interface (after `validateStrictly`). */
export function objectsOf<I>(
  objects: readonly KubeObject[],
  model: { is: (value: unknown) => value is I },
): I[] {
  return objects.filter((object): object is KubeObject & I => model.is(object));
}

/** Returns the one object of a kind with a name. */
export function named<I extends { metadata?: { name?: string } }>(
  list: readonly I[],
  name: string,
): I {
  const found = list.filter((item) => item.metadata?.name === name);
  if (found.length !== 1)
    throw new Error(`Expected one object named ${name}, found ${found.length}`);
  return found[0];
}

/** Tells whether every label of a selector is among the labels. */
export function selects(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

/** Returns an object's namespace, if set. */
export function namespaceOf(object: KubeObject): string | undefined {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
}

/** Names an object for messages: `Kind namespace/name`. */
export function identify(object: KubeObject): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return `${String(object.kind)} ${String(metadata.namespace)}/${String(metadata.name)}`;
}

function isRecord(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
