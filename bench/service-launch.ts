import type { ManagedProcess } from '../test-support/managed-process';
import { spawnService, type ServiceName } from '../test-support/service-process';
import type { Configuration } from './configurations';
import { msToFirstOk } from './first-ok';

export interface LaunchedService {
  name: ServiceName;
  url: string;
  pid: number;
  process: ManagedProcess;
  /** From spawn to the first 200 on /healthz. */
  startupMs: number;
}

/**
 * Starts a built service as a real process under `configuration` (its preload and environment), like
 * test-support's startService, and times it from spawn to the first 200 on /healthz.
 */
export async function launchService(name: ServiceName, configuration: Configuration, env: Record<string, string>): Promise<LaunchedService> {
  const startedAt = performance.now();
  const { process: child, url } = await spawnService(
    name,
    { OTEL_SERVICE_NAME: name, ...configuration.env, ...env },
    configuration.nodeArgs,
    `${name} (${configuration.id})`,
  );
  const startupMs = await msToFirstOk(child, `${url}/healthz`, startedAt);
  if (child.child.pid === undefined) throw new Error(`${name} has no pid`);
  return { name, url, pid: child.child.pid, process: child, startupMs };
}
