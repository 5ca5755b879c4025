import type { ServiceName } from '@tracing-lab/contract';
import { readFile } from 'node:fs/promises';
import type { ManagedProcess } from '../test-support/lab/managed-process';
import { spawnService } from '../test-support/lab/service-process';
import type { Configuration } from './configurations';
import { cgroupMemoryLimitBytes } from './memory-cgroup';
import { msToFirstOk } from './first-ok';

export interface LaunchedService {
  name: ServiceName;
  url: string;
  pid: number;
  process: ManagedProcess;
  /** From spawn to the first 200 on /healthz. */
  startupMs: number;
  /** NODE_OPTIONS as the process got it (read from /proc/<pid>/environ), '' when unset. */
  nodeOptions: string;
  /** The memory limit of the cgroup the process runs in, null outside one (see memory-cgroup.ts). */
  cgroupMemoryLimitBytes: number | null;
}

/**
 * Starts a built service as a real process under `configuration` (its preload and environment), like
 * test-support's startService, and times it from spawn to the first 200 on /healthz.
 */
export async function launchService(
  name: ServiceName,
  configuration: Configuration,
  env: Record<string, string>,
  launcher: readonly string[] = [],
): Promise<LaunchedService> {
  const startedAt = performance.now();
  const { process: child, url } = await spawnService(
    name,
    { OTEL_SERVICE_NAME: name, ...configuration.env, ...env },
    configuration.nodeArgs,
    `${name} (${configuration.id})`,
    launcher,
  );
  const startupMs = await msToFirstOk(child, `${url}/healthz`, startedAt);
  const pid = child.child.pid;
  if (pid === undefined) throw new Error(`${name} has no pid`);
  return {
    name,
    url,
    pid,
    process: child,
    startupMs,
    nodeOptions: await environmentVariable(pid, 'NODE_OPTIONS'),
    cgroupMemoryLimitBytes: cgroupMemoryLimitBytes(pid),
  };
}

/** A variable of a running process's environment, as the kernel holds it ('' when unset). */
async function environmentVariable(pid: number, name: string): Promise<string> {
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
  const entry = environ.split('\0').find((pair) => pair.startsWith(`${name}=`));
  return entry === undefined ? '' : entry.slice(name.length + 1);
}
