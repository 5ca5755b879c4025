import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../test-support/makefile/sandbox.js';
import { REPO_ROOT } from '../../test-support/repo-root';

// `make` alone prints help; help and the Makefile agree on every target and variable, and the documentation
// (README.md and docs/) tells of each: `make help` is the reference, the docs say where each target is used.

const makefile = readFileSync(path.join(REPO_ROOT, 'Makefile'), 'utf8');
const phonyTargets = [...makefile.matchAll(/^\.PHONY: (.+)$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/));
const VARIABLES = [
  'CLUSTER', 'NAMESPACE', 'RELEASE', 'TAG', 'GRAFANA', 'SERVICE_GRAPH', 'TIMEOUT', 'ALLOW_CONTEXT',
  'DEMO_LOG_PORT', 'DEMO_ECHO_PORT', 'DEMO_TEMPO_HTTP_PORT', 'DEMO_TEMPO_GRPC_PORT', 'DEMO_ONCE',
  'DEMO_ECHO_LATENCY_MS', 'DEMO_ECHO_ERROR_RATIO', 'DEMO_ECHO_DOWN', 'DEMO_DROP_TRACEPARENT',
];

/** README.md and every page of docs/, as one text. */
function documentation(): string {
  const pages = readdirSync(path.join(REPO_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => path.join('docs', name));
  return ['README.md', ...pages].map((page) => readFileSync(path.join(REPO_ROOT, page), 'utf8')).join('\n');
}

describe('make help', () => {
  let sandbox: Sandbox;
  let help: string;
  beforeAll(() => {
    sandbox = new Sandbox();
    const run = sandbox.make([]);
    expect(run.status, run.stderr).toBe(0);
    help = run.stdout;
  });
  afterAll(() => sandbox.dispose());

  it('is the default goal and lists every target with one line', () => {
    const targetsPart = help.slice(0, help.indexOf('Variables'));
    const listed = [...targetsPart.matchAll(/^ {2}([a-z-]+) {2,}\S/gm)].map((match) => match[1]!);
    for (const target of ['lint', 'build', 'cluster', 'import', 'deps', 'install', 'verify', 'up', 'down', 'port-forward', 'clean']) {
      expect(phonyTargets).toContain(target);
    }
    expect(listed.sort()).toEqual([...phonyTargets].sort());
  });

  it('lists every variable with its current value', () => {
    for (const variable of VARIABLES) expect(help).toMatch(new RegExp(`^ {2}${variable} {2,}\\S`, 'm'));
    expect(help).toContain('(now: tracing-lab)');
    expect(help).toContain('(now: monitoring)');
    expect(help).toContain('(now: tracing-lab)');
    expect(help).toContain('(now: latest)');
    expect(help).toContain('(now: 15m)');
  });

  it('every target is told of as `make <target>`, and every variable by name, in README.md or docs/', () => {
    const docs = documentation();
    expect(phonyTargets.filter((target) => !new RegExp(`\\bmake ${target}\\b`).test(docs))).toEqual([]);
    expect(VARIABLES.filter((variable) => !new RegExp(`\\b${variable}\\b`).test(docs))).toEqual([]);
  });
});
