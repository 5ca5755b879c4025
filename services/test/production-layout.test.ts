import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/free-port';
import { startProcess, stopAllProcesses, waitForHttp } from '../../test-support/managed-process';
import { REPO_ROOT } from '../../test-support/repo-root';
import { SERVICE_START_ARGS } from '../../test-support/service-process';
import { TRACE_CHECK_WORKING_DIR } from '../../cdk8s/src/constructs/trace-check';

/**
 * No docker engine runs here, so the image cannot be built. This checks what services/Dockerfile relies on, read
 * from the Dockerfile itself with the build argument SERVICE filled in: the deps stage's `npm ci --omit=dev …` of one
 * workspace plus the compiled dist/ are enough to start the service with the image's CMD, from its WORKDIR.
 */
const WORKSPACE_MANIFESTS = ['services/shared', 'services/echo-service', 'services/log-service', 'cdk8s'];
const scratch: string[] = [];

afterAll(async () => {
  await stopAllProcesses();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** The instructions of each stage of services/Dockerfile, with `${SERVICE}` replaced by `service`. */
function dockerfileStages(service: string): string[][] {
  const text = readFileSync(join(REPO_ROOT, 'services', 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages: string[][] = [];
  for (const line of text.split('\n')) {
    const instruction = line.trim().replaceAll('${SERVICE}', service).replaceAll('$SERVICE', service);
    if (instruction === '' || instruction.startsWith('#')) continue;
    if (instruction.startsWith('FROM ')) stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}

function instruction(stage: string[] | undefined, keyword: string, pattern: RegExp = /.*/): string {
  const found = stage?.filter((line) => line.startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1)).findLast((rest) => pattern.test(rest));
  if (found === undefined) throw new Error(`no ${keyword} ${pattern} in that stage of services/Dockerfile`);
  return found;
}

function imageCommand(service: string): string[] {
  return JSON.parse(instruction(dockerfileStages(service).at(-1), 'CMD')) as string[];
}

/** The deps stage's `npm ci --omit=dev …`, as arguments to npm. */
function productionInstall(service: string): string[] {
  const deps = dockerfileStages(service).find((stage) => stage[0]?.endsWith(' AS deps'));
  const run = instruction(deps, 'RUN', /^npm ci .*--omit=dev/);
  return run.replace(/^npm /, '').replaceAll('"', '').split(/\s+/);
}

describe.each(['log-service', 'echo-service'])('%s image layout', (service) => {
  it('runs the start command the tests use', () => {
    expect(imageCommand(service)).toEqual(['node', ...SERVICE_START_ARGS]);
  });

  it("installs only this workspace and works from its folder (the trace check's workingDir for log-service)", () => {
    expect(productionInstall(service)).toContain(`@tracing-lab/${service}`);
    expect(instruction(dockerfileStages(service).at(-1), 'WORKDIR')).toBe(`/app/services/${service}`);
    if (service === 'log-service') expect(`/app/services/${service}`).toBe(TRACE_CHECK_WORKING_DIR);
  });

  it('starts from production dependencies and dist/ alone', async () => {
    const app = mkdtempSync(join(tmpdir(), `${service}-image-`));
    scratch.push(app);
    cpSync(join(REPO_ROOT, 'package.json'), join(app, 'package.json'));
    cpSync(join(REPO_ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
    for (const workspace of WORKSPACE_MANIFESTS) {
      cpSync(join(REPO_ROOT, workspace, 'package.json'), join(app, workspace, 'package.json'));
    }
    execFileSync('npm', [...productionInstall(service), '--prefer-offline'], {
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
