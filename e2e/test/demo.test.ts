import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test-support/lab/free-port';
import { ManagedProcess, stopAllProcesses } from '../../test-support/lab/managed-process';
import { REPO_ROOT } from '../../test-support/repo-root';

// `make demo` runs scripts/demo.sh after `tools build-ts`; here the script runs directly, on free ports.
const demos: ManagedProcess[] = [];
afterEach(async () => {
  // Also when a test failed: the whole process group, so no service outlives a killed demo.sh.
  for (const demo of demos.splice(0)) {
    try {
      process.kill(-demo.child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
  await stopAllProcesses();
});

async function demoEnv(): Promise<{ env: NodeJS.ProcessEnv; ports: number[] }> {
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const [log, echo, http, grpc] = ports.map(String);
  return { ports, env: { ...process.env, DEMO_LOG_PORT: log, DEMO_ECHO_PORT: echo, DEMO_TEMPO_HTTP_PORT: http, DEMO_TEMPO_GRPC_PORT: grpc } };
}

function startDemo(env: NodeJS.ProcessEnv): ManagedProcess {
  // Its own process group, so the test can press "Ctrl-C" (SIGINT to the whole group) like a terminal does.
  const child = spawn(join(REPO_ROOT, 'scripts', 'demo.sh'), [], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const demo = new ManagedProcess('demo.sh', child);
  demos.push(demo);
  return demo;
}

async function waitForOutput(demo: ManagedProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!demo.output().includes(text)) {
    if (!demo.isRunning || Date.now() > deadline) throw new Error(`demo.sh did not print "${text}":\n${demo.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('make demo (scripts/demo.sh)', () => {
  it('prints three waterfalls and the URLs to query, then stops everything (DEMO_ONCE=1)', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo({ ...env, DEMO_ONCE: '1' });
    const exit = await demo.exited;
    const out = demo.output();
    expect(exit, out).toEqual({ code: 0, signal: null });
    expect(out.match(/^OK in /gm)).toHaveLength(3);
    expect(out.match(/^echo-service\s+ +POST \/echo /gm)).toHaveLength(3);
    expect(out).toContain(`http://127.0.0.1:${env.DEMO_TEMPO_HTTP_PORT}/api/search?tags=service.name%3Dlog-service`);
    expect(out).toContain(`curl -i http://127.0.0.1:${env.DEMO_LOG_PORT}/info`);
    for (const port of ports) expect(await listening(port), `port ${port} still answers`).toBe(false);
  }, 120_000);

  it('keeps running until Ctrl-C, then stops the services and the stand-in', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo(env);
    await waitForOutput(demo, 'press Ctrl-C to stop everything');
    expect(await listening(ports[0]!)).toBe(true);

    process.kill(-demo.child.pid!, 'SIGINT');
    const exit = await demo.exited;
    expect(demo.output()).toContain('demo: stopped');
    expect(exit.code === 130 || exit.signal === 'SIGINT', JSON.stringify(exit)).toBe(true);
    for (const port of ports) expect(await listening(port), `port ${port} still answers`).toBe(false);
  }, 120_000);

  it('names the port that is taken and how to choose another', async () => {
    const { env } = await demoEnv();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.DEMO_TEMPO_GRPC_PORT), '127.0.0.1', resolve));
    try {
      const demo = startDemo(env);
      expect((await demo.exited).code).toBe(1);
      expect(demo.output()).toContain(`demo: port ${env.DEMO_TEMPO_GRPC_PORT} on 127.0.0.1 is taken: choose another with DEMO_TEMPO_GRPC_PORT=<port> make demo`);
    } finally {
      blocker.close();
    }
  });
});
