import { HEALTH_PATH, SERVICE_START_ARGS, type ServiceName } from '@tracing-lab/contract';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root';
import { startProcess, waitForHttp, type ManagedProcess } from './managed-process';

export interface RunningService {
  name: ServiceName;
  port: number;
  url: string;
  process: ManagedProcess;
}

/** A service's folder, from which its start command runs. */
const serviceFolder = (name: ServiceName): string => join(REPO_ROOT, 'services', name);

/**
 * Spawns a service (built with `npm run build`) with `nodeArgs` (by default the real start command) on loopback
 * (HOST=127.0.0.1) and a port the OS picks (PORT=0: no race with other suites for a port found free a moment
 * before), and reads that port from its `listening` log line. `env` is added to the environment minus the caller's OTEL_* variables. `launcher`, a
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
    cwd: serviceFolder(name),
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', ...env },
  });
  const listening = JSON.parse(await child.waitForLine(/"msg":"listening"/)) as { port: number };
  return { process: child, port: listening.port, url: `http://127.0.0.1:${listening.port}` };
}

/** Starts a service with the real start command (see spawnService) and waits for its health route. */
export async function startService(name: ServiceName, env: Record<string, string> = {}): Promise<RunningService> {
  const { process: child, port, url } = await spawnService(name, env);
  await waitForHttp(child, `${url}${HEALTH_PATH}`);
  return { name, port, url, process: child };
}

/**
 * Starts a service with the real start command and exactly `env` (and PATH), expecting it to refuse to start: returns
 * the one line it printed on stderr, after checking it exited 1 and printed nothing else.
 */
export function startupFailure(name: ServiceName, env: Record<string, string>): string {
  const result = spawnSync(process.execPath, SERVICE_START_ARGS, {
    cwd: serviceFolder(name),
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  const lines = result.stderr.trim().split('\n');
  if (result.status !== 1 || result.stdout !== '' || lines.length !== 1) {
    throw new Error(`${name} with ${JSON.stringify(env)}: expected exit 1 and one line on stderr, got exit ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return lines[0]!;
}
