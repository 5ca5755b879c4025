/**
 * Fields cdk8s-plus writes although they only restate what Kubernetes does anyway (`immutable: false`,
 * `minReadySeconds: 0`, the default rolling update, …). They say nothing to a reader of `helm template`, Argo CD's
 * diff or `kubectl get -o yaml`, so the chart leaves them out. Each is removed only where it holds the default.
 */
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

const DEPLOYMENT_DEFAULTS: Json = {
  minReadySeconds: 0,
  progressDeadlineSeconds: 600,
  strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
};
const POD_SPEC_DEFAULTS: Json = { dnsPolicy: 'ClusterFirst', hostNetwork: false, setHostnameAsFQDN: false, terminationGracePeriodSeconds: 30 };
const POD_SECURITY_DEFAULTS: Json = { fsGroupChangePolicy: 'Always' };
const CONTAINER_SECURITY_DEFAULTS: Json = { privileged: false };
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function removeDefaults(target: unknown, defaults: Json): void {
  if (!isObject(target)) return;
  for (const [key, value] of Object.entries(defaults)) {
    if (isDeepStrictEqual(target[key], value)) delete target[key];
  }
}

function prunePodSpec(spec: unknown, restartPolicyDefault: string | undefined): void {
  if (!isObject(spec)) return;
  removeDefaults(spec, restartPolicyDefault ? { ...POD_SPEC_DEFAULTS, restartPolicy: restartPolicyDefault } : POD_SPEC_DEFAULTS);
  removeDefaults(spec.securityContext, POD_SECURITY_DEFAULTS);
  for (const container of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isObject(container)) continue;
    removeDefaults(container.securityContext, CONTAINER_SECURITY_DEFAULTS);
    for (const probe of PROBES) {
      const probeSpec = container[probe];
      if (isObject(probeSpec)) removeDefaults(probeSpec.httpGet, { scheme: 'HTTP' });
    }
  }
}

/** A copy of one object's JSON without the fields that restate Kubernetes defaults. */
export function withoutKubernetesDefaults<T>(object: T): T {
  const copy = structuredClone(object) as Json;
  const spec = copy.spec as Json | undefined;
  switch (copy.kind) {
    case 'ConfigMap':
      removeDefaults(copy, { immutable: false });
      break;
    case 'Service':
      removeDefaults(spec, { externalIPs: [] });
      break;
    case 'Deployment':
      removeDefaults(spec, DEPLOYMENT_DEFAULTS);
      // A Deployment's pods can only restart Always: saying so adds nothing.
      prunePodSpec((spec?.template as Json | undefined)?.spec, 'Always');
      break;
    case 'Job':
      prunePodSpec((spec?.template as Json | undefined)?.spec, undefined);
      break;
    case 'Pod':
      prunePodSpec(spec, undefined);
      break;
  }
  return copy as T;
}
