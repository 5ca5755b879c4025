import { join } from 'node:path';
import { freePort } from './free-port';
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
 * Starts a service (built with `npm run build`) as a real process on a free loopback port, with the real start
 * command, and waits for `/healthz`. `env` is added to a clean environment (no OTEL_* from the caller's shell).
 */
export async function startService(name: ServiceName, env: Record<string, string> = {}): Promise<RunningService> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  const child = startProcess(name, process.execPath, SERVICE_START_ARGS, {
    cwd: join(REPO_ROOT, 'services', name),
    env: { ...inherited, PORT: String(port), ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/healthz`);
  return { name, port, url, process: child };
}
