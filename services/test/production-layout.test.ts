import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/free-port';
import { startProcess, stopAllProcesses, waitForHttp } from '../../test-support/managed-process';
import { REPO_ROOT } from '../../test-support/repo-root';
import { SERVICE_START_ARGS } from '../../test-support/service-process';

/**
 * No docker engine runs here, so the images cannot be built. This checks what the Dockerfiles rely on: the
 * production dependencies of one workspace (`npm ci --omit=dev --workspace …`, as the deps stage runs it) plus the
 * compiled dist/ are enough to start the service with the image's CMD.
 */
const WORKSPACE_MANIFESTS = ['services/shared', 'services/echo-service', 'services/log-service', 'cdk8s'];
const scratch: string[] = [];

afterAll(async () => {
  await stopAllProcesses();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function imageCommand(service: string): string[] {
  const dockerfile = readFileSync(join(REPO_ROOT, 'services', service, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
  if (!cmd) throw new Error(`no exec-form CMD in services/${service}/Dockerfile`);
  return JSON.parse(cmd) as string[];
}

describe.each(['log-service', 'echo-service'])('%s image layout', (service) => {
  it('runs the start command the tests use', () => {
    expect(imageCommand(service)).toEqual(['node', ...SERVICE_START_ARGS]);
  });

  it('starts from production dependencies and dist/ alone', async () => {
    const app = mkdtempSync(join(tmpdir(), `${service}-image-`));
    scratch.push(app);
    cpSync(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(REPO_ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    for (const workspace of WORKSPACE_MANIFESTS) {
      cpSync(join(REPO_ROOT, workspace, 'package.json'), join(app, workspace, 'package.json'));
    }
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--workspace', `@tracing-lab/${service}`], {
      cwd: app,
      stdio: 'pipe',
    });
    for (const workspace of ['services/shared', `services/${service}`]) {
      cpSync(join(REPO_ROOT, workspace, 'dist'), join(app, workspace, 'dist'), { recursive: true });
    }
    // No dev tool reached the image.
    expect(() => readFileSync(join(app, 'node_modules', 'typescript', 'package.json'))).toThrow();

    const port = await freePort();
    const [, ...args] = imageCommand(service);
    const child = startProcess(service, process.execPath, args, {
      cwd: join(app, 'services', service),
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), OTEL_SERVICE_NAME: service },
    });
    await waitForHttp(child, `http://127.0.0.1:${port}/healthz`);
    expect(await child.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 120_000);
});
