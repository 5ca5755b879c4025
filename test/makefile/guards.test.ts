import { describe, expect, it } from 'vitest';
import { DOCKER_ENGINE_CHECK, ownErrorLines, Sandbox, sandboxForThisSuite, type ShimmedTool } from '../../test-support/makefile/sandbox.js';

// What the Makefile refuses to do: run a target whose tool is missing (or whose docker has no engine running), or
// install into a cluster that is not the lab's k3d cluster. It says why, one line per problem, and runs nothing.

const WHERE_TO_GET: Record<ShimmedTool, string> = {
  docker: 'https://docs.docker.com/get-docker/',
  k3d: 'https://k3d.io/stable/#installation',
  helm: "https://helm.sh/docs/intro/install/ (or 'make tools' builds it into .tools/bin)",
  kubectl: 'https://kubernetes.io/docs/tasks/tools/',
  buildah: 'apt-get install buildah (Debian/Ubuntu) or your package manager',
};

// target → the tools it checks for before running anything (`build` takes docker or buildah: targets.test.ts)
const NEEDS: ReadonlyArray<[string, ShimmedTool[]]> = [
  ['cluster', ['docker', 'k3d']],
  ['import', ['docker', 'k3d']],
  ['deps', ['helm']],
  ['install', ['helm', 'kubectl']],
  ['verify', ['helm', 'kubectl']],
  ['down', ['docker', 'k3d']],
  ['port-forward', ['kubectl']],
  ['up', ['docker', 'k3d']],
];

const notInstalled = (tool: ShimmedTool) => `error: '${tool}' is not installed (not found on PATH); get it from ${WHERE_TO_GET[tool]}`;

describe('a missing tool stops the target with one line naming it and where to get it', () => {
  const cases = NEEDS.flatMap(([target, tools]) => tools.map((tool) => [target, tool, tools] as const));

  it.each(cases)('make %s without %s', (target, tool, needed) => {
    const sandbox = new Sandbox({ without: [tool] });
    try {
      const run = sandbox.make([target], { SHIM_KUBECTL_CONTEXT: 'k3d-tracing-lab' });
      expect(run.status).not.toBe(0);
      expect(ownErrorLines(run.stderr)).toEqual([notInstalled(tool)]);
      // Nothing ran but the check that docker's engine answers, where docker is there and needed.
      expect(run.calls).toEqual(needed.includes('docker') && tool !== 'docker' ? [DOCKER_ENGINE_CHECK] : []);
    } finally {
      sandbox.dispose();
    }
  });

  it('names every missing tool at once, not one per attempt', () => {
    const sandbox = new Sandbox({ without: ['docker', 'k3d'] });
    try {
      const run = sandbox.make(['up']);
      expect(run.status).not.toBe(0);
      expect(ownErrorLines(run.stderr)).toEqual([notInstalled('docker'), notInstalled('k3d')]);
      expect(run.calls).toEqual([]);
    } finally {
      sandbox.dispose();
    }
  });
});

describe("a docker without a running engine stops the target before anything runs, saying so", () => {
  const sandbox = sandboxForThisSuite();

  it.each(['cluster', 'import', 'down', 'up'])('make %s with the engine down', (target) => {
    const run = sandbox.make([target], { SHIM_FAIL: 'docker info' });
    expect(run.status).not.toBe(0);
    expect(ownErrorLines(run.stderr)).toEqual([
      "error: 'docker' is installed but its engine does not answer ('docker info': docker (shim): failing as configured by SHIM_FAIL='docker info'); start it (Docker Desktop, or 'sudo systemctl start docker')",
    ]);
    expect(run.calls).toEqual([DOCKER_ENGINE_CHECK]);
  });
});

describe('install, verify and port-forward refuse a kube context other than k3d-$(CLUSTER)', () => {
  const sandbox = sandboxForThisSuite();

  it.each(['install', 'verify', 'port-forward'])('make %s in context prod-eu refuses and runs nothing else', (target) => {
    const run = sandbox.make([target], { SHIM_KUBECTL_CONTEXT: 'prod-eu' });
    expect(run.status).not.toBe(0);
    expect(ownErrorLines(run.stderr)).toEqual([
      "error: kube context is 'prod-eu', not 'k3d-tracing-lab'; run 'make cluster' or 'kubectl config use-context k3d-tracing-lab', or set ALLOW_CONTEXT=1 to use the current context",
    ]);
    expect(run.calls).toEqual([['kubectl', 'config', 'current-context']]);
  });

  it('refuses when no context is set at all', () => {
    const run = sandbox.make(['install']);
    expect(run.status).not.toBe(0);
    expect(ownErrorLines(run.stderr)[0]).toMatch(/^error: kube context is '<none>', not 'k3d-tracing-lab'/);
    expect(run.calls.map((call) => call[0])).toEqual(['kubectl']);
  });

  it('follows CLUSTER: with CLUSTER=lab the expected context is k3d-lab', () => {
    const refused = sandbox.make(['install', 'CLUSTER=lab'], { SHIM_KUBECTL_CONTEXT: 'k3d-tracing-lab' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("not 'k3d-lab'");
    const accepted = sandbox.make(['install', 'CLUSTER=lab'], { SHIM_KUBECTL_CONTEXT: 'k3d-lab' });
    expect(accepted.status, accepted.stderr).toBe(0);
  });

  it('ALLOW_CONTEXT=1 proceeds in another context, with a warning', () => {
    const run = sandbox.make(['install', 'ALLOW_CONTEXT=1'], { SHIM_KUBECTL_CONTEXT: 'prod-eu' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: kube context is 'prod-eu', not 'k3d-tracing-lab'; using it because ALLOW_CONTEXT=1");
    expect(run.calls.map((call) => call.slice(0, 2).join(' '))).toEqual(['kubectl config', 'helm upgrade']);
  });
});
