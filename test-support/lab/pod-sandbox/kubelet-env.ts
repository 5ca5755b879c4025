/**
 * The environment a container of a pod is started with, as the kubelet and the container runtime make it (read in
 * kubernetes/kubernetes pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables`, pkg/kubelet/envvars/envvars.go,
 * third_party/forked/golang/expansion, and containerd's CRI plugin), in this order, later entries winning:
 *   1. the image's ENV;
 *   2. HOSTNAME, the pod's hostname (the runtime);
 *   3. with enableServiceLinks (the default), the Docker-link style variables of every Service of the pod's namespace
 *      and of the `kubernetes` Service (`<NAME>_SERVICE_HOST`, `<NAME>_SERVICE_PORT[_<PORT NAME>]`, `<NAME>_PORT`,
 *      `<NAME>_PORT_<port>_<PROTO>[_PROTO|_PORT|_ADDR]`);
 *   4. the container's `env`, in order: `value` with `$(VAR)` references expanded from the entries before it and the
 *      Service variables (`$$` is a literal `$`; an unknown reference stays as written), `valueFrom.fieldRef` from
 *      the pod's fields;
 *   5. HOME=/ when still unset (the runtime, for a user without a home directory).
 * `valueFrom` other than fieldRef (secrets, config maps, resources) is refused: the chart renders none.
 */

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } } & Record<string, unknown>;
}

export interface LinkedService {
  name: string;
  clusterIp: string;
  ports: { name?: string; port: number; protocol?: string }[];
}

/** What `fieldRef` can name, for this pod. */
export interface PodFields {
  name: string;
  namespace: string;
  nodeName: string;
  podIp: string;
  serviceAccountName: string;
  uid: string;
}

const envName = (name: string): string => {
  const upper = name.replaceAll('.', '_').replaceAll('-', '_').toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
};

function serviceLinkVariables(services: readonly LinkedService[]): [string, string][] {
  const variables: [string, string][] = [];
  for (const service of services) {
    const prefix = envName(service.name);
    const [first] = service.ports;
    if (!first) continue;
    variables.push([`${prefix}_SERVICE_HOST`, service.clusterIp], [`${prefix}_SERVICE_PORT`, String(first.port)]);
    for (const port of service.ports) if (port.name) variables.push([`${prefix}_SERVICE_PORT_${envName(port.name)}`, String(port.port)]);
    service.ports.forEach((port, index) => {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const url = `${protocol}://${service.clusterIp}:${port.port}`;
      if (index === 0) variables.push([`${prefix}_PORT`, url]);
      const portPrefix = `${prefix}_PORT_${port.port}_${protocol.toUpperCase()}`;
      variables.push([portPrefix, url], [`${portPrefix}_PROTO`, protocol], [`${portPrefix}_PORT`, String(port.port)], [`${portPrefix}_ADDR`, service.clusterIp]);
    });
  }
  return variables;
}

/** Kubernetes' `$(VAR)` expansion of one value. */
function expandReferences(value: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '$') {
      out += '$';
      i++;
    } else if (value[i] === '$' && value[i + 1] === '(') {
      const close = value.indexOf(')', i + 2);
      if (close < 0) return out + value.slice(i);
      const name = value.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close;
    } else {
      out += value[i];
    }
  }
  return out;
}

function fieldValue(fieldPath: string, pod: PodFields): string {
  const fields: Record<string, string> = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid,
    'spec.nodeName': pod.nodeName,
    'spec.serviceAccountName': pod.serviceAccountName,
    'status.podIP': pod.podIp,
    'status.podIPs': pod.podIp,
  };
  const value = fields[fieldPath];
  if (value === undefined) throw new Error(`the pod stand-in cannot resolve fieldRef ${fieldPath}`);
  return value;
}

export function containerEnvironment(options: {
  imageEnv: readonly string[];
  hostname: string;
  services: readonly LinkedService[];
  env: readonly EnvVar[];
  pod: PodFields;
}): Map<string, string> {
  const environment = new Map<string, string>();
  for (const entry of options.imageEnv) {
    const at = entry.indexOf('=');
    environment.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? '' : entry.slice(at + 1));
  }
  environment.set('HOSTNAME', options.hostname);
  const serviceVariables = new Map(serviceLinkVariables(options.services));
  for (const [name, value] of serviceVariables) environment.set(name, value);
  const defined = new Map<string, string>();
  for (const variable of options.env) {
    let value: string;
    if (variable.valueFrom) {
      if (!variable.valueFrom.fieldRef) throw new Error(`the pod stand-in resolves only fieldRef, not ${JSON.stringify(variable.valueFrom)} (${variable.name})`);
      value = fieldValue(variable.valueFrom.fieldRef.fieldPath, options.pod);
    } else {
      value = expandReferences(variable.value ?? '', (name) => defined.get(name) ?? serviceVariables.get(name));
    }
    defined.set(variable.name, value);
    environment.set(variable.name, value);
  }
  if (!environment.has('HOME')) environment.set('HOME', '/');
  return environment;
}
