import { join } from 'node:path';
import { startProcess, waitForHttp, type ManagedProcess } from './managed-process';
import { REPO_ROOT } from './repo-root';

export type ServiceName = 'log-service' | 'echo-service';

export interface RunningService {
  name: ServiceName;
  port: number;
  url: string;
  process: ManagedProcess;
}

/** The real start command of the images and of `npm start`: the telemetry preload, then the server. */
export const SERVICE_START_ARGS = ['--require', '@tracing-lab/shared/instrumentation', 'dist/server.js'];

/**
 * Spawns a service (built with `npm run build`) with `nodeArgs` (by default the real start command) on a port the
 * OS picks (PORT=0: no race with other suites for a port found free a moment before), and reads that port from
 * its `listening` log line. `env` is added to the environment minus the caller's OTEL_* variables. `launcher`, a
 * command that ends by exec-ing its arguments, runs node (the benchmark uses one to start it in a memory cgroup).
 */
export async function spawnService(
  name: ServiceName,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = SERVICE_START_ARGS,
  label: string = name,
  launcher: readonly string[] = [],
): Promise<{ process: ManagedProcess; port: number; url: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const [file, ...args] = [...launcher, process.execPath, ...nodeArgs] as [string, ...string[]];
  const child = startProcess(label, file, args, {
    cwd: join(REPO_ROOT, 'services', name),
    env: { ...inherited, PORT: '0', ...env },
  });
  const listening = JSON.parse(await child.waitForLine(/"msg":"listening"/)) as { port: number };
  return { process: child, port: listening.port, url: `http://127.0.0.1:${listening.port}` };
}

/** Starts a service with the real start command (see spawnService) and waits for `/healthz`. */
export async function startService(name: ServiceName, env: Record<string, string> = {}): Promise<RunningService> {
  const { process: child, port, url } = await spawnService(name, env);
  await waitForHttp(child, `${url}/healthz`);
  return { name, port, url, process: child };
}
