import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

/**
 * The security settings shared by every pod of the chart: the images run as this numeric non-root uid/gid with a
 * read-only root filesystem (only /tmp is writable, an emptyDir), no privilege escalation, no capabilities,
 * the runtime's default seccomp profile (set per container: cdk8s-plus-28 has no pod-level seccomp).
 */
export const RUN_AS_ID = 10001;

export const HARDENED_POD_SECURITY: kplus.PodSecurityContextProps = {
  ensureNonRoot: true,
  user: RUN_AS_ID,
  group: RUN_AS_ID,
  fsGroup: RUN_AS_ID,
};

export const HARDENED_CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  user: RUN_AS_ID,
  group: RUN_AS_ID,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  privileged: false,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};

/** The writable /tmp of a hardened container. */
export function tmpVolume(scope: Construct, id: string): { volume: kplus.Volume; mount: kplus.VolumeMount } {
  const volume = kplus.Volume.fromEmptyDir(scope, id, 'tmp', { sizeLimit: Size.mebibytes(64) });
  return { volume, mount: { volume, path: '/tmp' } };
}
