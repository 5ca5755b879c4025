import { parse } from 'yaml';
import { findObject, objectsOf, onlyObject, type K8sObject } from './helm';

/** Reading rendered workloads with plain field access: containers, the Service → pod port path, Tempo's config. */

interface HttpGetProbe {
  httpGet?: { path: string; port: number | string };
}
export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  workingDir?: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: HttpGetProbe;
  readinessProbe?: HttpGetProbe;
  startupProbe?: HttpGetProbe;
}
export interface PodSpec {
  containers: Container[];
  volumes?: { name: string; configMap?: { name: string }; emptyDir?: { sizeLimit?: string } }[];
  securityContext?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  activeDeadlineSeconds?: number;
}
export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}
interface ServicePort {
  port: number;
  targetPort: number | string;
}

export const podTemplateOf = (object: K8sObject): PodTemplate => (object.spec as { template: PodTemplate }).template;

/** The pod spec of a Pod, or of a workload's pod template (Deployment, StatefulSet, Job). */
export const podSpecOf = (object: K8sObject): PodSpec => (object.kind === 'Pod' ? (object.spec as PodSpec) : podTemplateOf(object).spec);

/** The containers of a Pod, or of a workload's pod template. */
export const containersOf = (object: K8sObject): Container[] => podSpecOf(object).containers;

/** The first container of a Pod, or of a workload's pod template. */
export const firstContainer = (object: K8sObject): Container => {
  const container = containersOf(object)[0];
  if (!container) throw new Error(`${object.kind}/${object.metadata.name} has no container`);
  return container;
};

/** A container's `env` as name → value (undefined for a `valueFrom`). */
export const envOf = (container: Container): Map<string, string | undefined> => new Map((container.env ?? []).map((variable) => [variable.name, variable.value]));

/** The value of `name` in the first container's `env` of a Pod or workload, or undefined. */
export const envValue = (object: K8sObject, name: string): string | undefined => envOf(firstContainer(object)).get(name);

/** The value after `name` in a container's args (`--flag value`), or undefined. */
export const flagValue = (container: Container, name: string): string | undefined => {
  const index = container.args?.indexOf(name) ?? -1;
  return index < 0 ? undefined : container.args?.[index + 1];
};

/**
 * The container port a Service port leads to, in the pods of `workload` when the Service selects them
 * (or undefined): the path a request to `<service>:<servicePort>` takes.
 */
export function targetContainerPort(service: K8sObject, workload: K8sObject, servicePort: number): number | undefined {
  const spec = service.spec as { selector: Record<string, string>; ports: ServicePort[] };
  const template = podTemplateOf(workload);
  const selected = Object.entries(spec.selector).every(([key, value]) => template.metadata.labels[key] === value);
  if (!selected) return undefined;
  const port = spec.ports.find((candidate) => candidate.port === servicePort);
  if (!port) return undefined;
  const containerPorts = template.spec.containers.flatMap((container) => container.ports ?? []);
  return containerPorts.find((candidate) => candidate.name === port.targetPort || candidate.containerPort === port.targetPort)?.containerPort;
}

/** What Tempo's chart rendered: its one Service and its one StatefulSet. */
export interface TempoObjects {
  service: K8sObject;
  statefulSet: K8sObject;
}
export const tempoObjects = (rendered: readonly K8sObject[]): TempoObjects => ({
  service: onlyObject(objectsOf(rendered, 'tempo'), 'Service'),
  statefulSet: onlyObject(objectsOf(rendered, 'tempo'), 'StatefulSet'),
});

/** tempo.yaml as Tempo reads it: the ConfigMap mounted where the container's -config.file points. */
export function tempoConfig(rendered: readonly K8sObject[], tempo: TempoObjects): Record<string, any> {
  const template = podTemplateOf(tempo.statefulSet);
  const container = template.spec.containers[0]!;
  const configFile = container.args?.find((arg) => arg.startsWith('-config.file='))?.slice('-config.file='.length);
  if (!configFile) throw new Error('the Tempo container has no -config.file argument');
  const mount = container.volumeMounts?.find((candidate) => configFile.startsWith(`${candidate.mountPath}/`));
  const configMapName = template.spec.volumes?.find((volume) => volume.name === mount?.name)?.configMap?.name;
  if (!mount || !configMapName) throw new Error(`${configFile} is not on a ConfigMap volume of the Tempo pod`);
  const configMap = findObject(objectsOf(rendered, 'tempo'), 'ConfigMap', configMapName);
  const text = (configMap.data as Record<string, string>)[configFile.slice(mount.mountPath.length + 1)];
  if (text === undefined) throw new Error(`ConfigMap ${configMapName} has no ${configFile}`);
  return parse(text) as Record<string, any>;
}
