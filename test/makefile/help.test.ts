import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, Sandbox } from './sandbox.js';

// `make` alone prints help; help, the Makefile and README's "Makefile reference" agree on every target and
// variable.

const makefile = readFileSync(path.join(repoRoot, 'Makefile'), 'utf8');
const phonyTargets = [...makefile.matchAll(/^\.PHONY: (.+)$/gm)].flatMap((match) => match[1]!.trim().split(/\s+/));
const VARIABLES = ['CLUSTER', 'NAMESPACE', 'RELEASE', 'TAG', 'GRAFANA', 'SERVICE_GRAPH', 'ALLOW_CONTEXT'];

function readmeSection(title: string): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
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
    expect(help).toContain('(now: day3)');
    expect(help).toContain('(now: monitoring)');
    expect(help).toContain('(now: tracing-lab)');
    expect(help).toContain('(now: latest)');
  });

  it('README "Makefile reference" names every target and variable', () => {
    const reference = readmeSection('Makefile reference');
    const missing = [...phonyTargets, ...VARIABLES].filter((name) => !reference.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
