import { join } from 'node:path';
import { freePort } from '../test-support/free-port';
import { startProcess, type ManagedProcess } from '../test-support/managed-process';
import { REPO_ROOT } from '../test-support/repo-root';
import type { ServiceName } from '../test-support/service-process';
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
 * Starts a built service as a real process under `configuration` (its preload and environment) on a free loopback
 * port, like test-support's startService, and times it to the first 200 on /healthz.
 */
export async function launchService(name: ServiceName, configuration: Configuration, env: Record<string, string>): Promise<LaunchedService> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const startedAt = performance.now();
  const child = startProcess(`${name} (${configuration.id})`, process.execPath, configuration.nodeArgs, {
    cwd: join(REPO_ROOT, 'services', name),
    env: { ...inherited, PORT: String(port), OTEL_SERVICE_NAME: name, ...configuration.env, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  const startupMs = await msToFirstOk(child, `${url}/healthz`, startedAt);
  if (child.child.pid === undefined) throw new Error(`${name} has no pid`);
  return { name, url, pid: child.child.pid, process: child, startupMs };
}
