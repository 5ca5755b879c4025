import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** scripts/demo.sh, or `make demo` with `viaMake`. */
function startDemo(env: NodeJS.ProcessEnv, viaMake = false): ManagedProcess {
  const [command, args] = viaMake ? ['make', ['--no-print-directory', 'demo']] : [join(REPO_ROOT, 'scripts', 'demo.sh'), []];
  // Its own process group, so the test can press "Ctrl-C" (SIGINT to the whole group) like a terminal does.
  const child = spawn(command as string, args as string[], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const demo = new ManagedProcess(viaMake ? 'make demo' : 'demo.sh', child);
  demos.push(demo);
  return demo;
}

/** The pid the demo names for a process: `demo: echo-service is pid 123 (…)`. */
function pidOf(demo: ManagedProcess, name: string): number {
  const pid = new RegExp(`^demo: ${name} is pid (\\d+) `, 'm').exec(demo.output())?.[1];
  if (pid === undefined) throw new Error(`demo.sh named no pid for ${name}:\n${demo.output()}`);
  return Number(pid);
}

async function waitForOutput(demo: ManagedProcess, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!demo.output().includes(text)) {
    if (!demo.isRunning || Date.now() > deadline) throw new Error(`demo.sh did not print "${text}":\n${demo.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whether something accepts TCP connections on `host:port`. */
function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
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

    // Each request's trace id, with its page, the grep for its log lines and the command that reads it again.
    const logs = /demo: stopped; logs are in (\S+)/.exec(out)![1]!;
    const told = [...out.matchAll(/^demo: request (\d)'s trace is ([0-9a-f]{32}):$/gm)].map((m) => m[2]!);
    expect(told).toHaveLength(3);
    for (const [i, traceId] of told.entries()) {
      const page = join(logs, `waterfall-${i + 1}-${['info', 'logs', 'info'][i]}.html`);
      expect(out).toContain(`  its waterfall as a page: ${page}`);
      expect(readFileSync(page, 'utf8')).toContain(`<h1>Trace <code>${traceId}</code></h1>`);
      expect(out).toContain(`  its log lines:           grep ${traceId} ${logs}/*.log`);
      expect(out).toContain(`--tempo-url http://127.0.0.1:${env.DEMO_TEMPO_HTTP_PORT} --trace-id ${traceId} --verbose)`);
      // What that grep finds: a request line in each service's log.
      for (const service of ['log-service', 'echo-service']) {
        const lines = readFileSync(join(logs, `${service}.log`), 'utf8').split('\n').filter((l) => l.includes(traceId));
        expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg), service).toContain('request');
      }
    }
  }, 120_000);

  it.each([
    { fault: 'DEMO_DROP_TRACEPARENT=1', env: { DEMO_DROP_TRACEPARENT: '1' }, says: 'log-service sends no traceparent', problem: '  - no propagation: echo-service received no traceparent header' },
    { fault: 'DEMO_ECHO_DOWN=1', env: { DEMO_ECHO_DOWN: '1' }, says: 'echo-service is not started', problem: 'is unreachable (ECONNREFUSED)' },
    { fault: 'DEMO_ECHO_ERROR_RATIO=1', env: { DEMO_ECHO_ERROR_RATIO: '1' }, says: 'echo-service fails a share 1 of its answers', problem: '"message":"echo-service answered 500"' },
  ])('with $fault, says the fault is on, and trace-check fails as that fault makes it', async ({ env: fault, says, problem }) => {
    const { env } = await demoEnv();
    const demo = startDemo({ ...env, ...fault, DEMO_ONCE: '1' });
    const exit = await demo.exited;
    const out = demo.output();
    expect(exit, out).toEqual({ code: 1, signal: null });
    expect(out).toContain(`demo: fault on: ${says}`);
    expect(out.match(/^FAILED after /gm), out).toHaveLength(3);
    expect(out).toContain(problem);
    expect(out).toContain('demo: trace-check failed, as the faults on make it: docs/debugging.md tells what each shows');
  }, 180_000);

  it('refuses a switch that is not 0 or 1, naming it', async () => {
    const { env } = await demoEnv();
    const demo = startDemo({ ...env, DEMO_ECHO_DOWN: 'yes' });
    expect((await demo.exited).code).toBe(1);
    expect(demo.output()).toContain("demo: DEMO_ECHO_DOWN must be 0 or 1, got 'yes'");
  });

  it('runs the services on 127.0.0.1 only (HOST): another loopback address of this machine is refused', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo(env);
    await waitForOutput(demo, 'press Ctrl-C to stop everything');
    const [log, echo] = ports as [number, number];
    expect([await listening(log), await listening(echo)]).toEqual([true, true]);
    expect([await listening(log, '127.0.0.2'), await listening(echo, '127.0.0.2')]).toEqual([false, false]);
  }, 120_000);

  it('keeps running until Ctrl-C, then stops the services and the stand-in and exits 0', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo(env);
    await waitForOutput(demo, 'press Ctrl-C to stop everything');
    expect(await listening(ports[0]!)).toBe(true);

    process.kill(-demo.child.pid!, 'SIGINT');
    const exit = await demo.exited;
    expect(demo.output()).toContain('demo: stopped');
    expect(exit, demo.output()).toEqual({ code: 0, signal: null });
    for (const port of ports) expect(await listening(port), `port ${port} still answers`).toBe(false);
  }, 120_000);

  it('make demo: Ctrl-C ends it without a make error', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo(env, true);
    await waitForOutput(demo, 'press Ctrl-C to stop everything', 300_000);
    process.kill(-demo.child.pid!, 'SIGINT');
    await demo.exited;
    expect(demo.output()).toContain('demo: stopped');
    // make reports a recipe that failed ("make: *** [Makefile:…: demo] Error 130") or was killed ("… Interrupt").
    expect(demo.output()).not.toMatch(/make: \*\*\*/);
    for (const port of ports) expect(await listening(port), `port ${port} still answers`).toBe(false);
  }, 360_000);

  it('says when a service stops and keeps the rest running: echo-service killed, log-service answers 502', async () => {
    const { env, ports } = await demoEnv();
    const demo = startDemo(env);
    await waitForOutput(demo, 'press Ctrl-C to stop everything');
    const echo = pidOf(demo, 'echo-service');
    process.kill(echo, 'SIGTERM');
    await waitForOutput(demo, `demo: echo-service (pid ${echo}) stopped with exit status 0; log-service keeps serving and answers 502 (echo_unavailable)`);

    const answer = await fetch(`http://127.0.0.1:${ports[0]}/info`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('echo_unavailable');
    expect(demo.isRunning).toBe(true);
    expect(await listening(ports[2]!), 'the stand-in').toBe(true);
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
