import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../../test-support/makefile/sandbox.js';

// `make clean` deletes files for real, so it runs in a scratch tree shaped like the repository, never in it.

const REMOVED = [
  'services/log-service/dist/server.js',
  'services/shared/dist/index.js',
  'cdk8s/dist/main.js',
  'services/log-service/tsconfig.tsbuildinfo',
];
const KEPT = [
  'services/log-service/src/server.ts',
  'node_modules/some-package/dist/index.js',
  'services/shared/node_modules/dep/dist/index.js',
  '.tools/bin/helm',
  'charts/lab/Chart.yaml',
  'charts/lab/templates/log-service-deployment.yaml',
  // Dependency charts: downloaded by make deps, or copied in by hand on a machine without network.
  'charts/lab/charts/tempo-2.2.4.tgz',
];

describe('make clean', () => {
  let sandbox: Sandbox;
  let tree: string;
  beforeAll(() => {
    sandbox = new Sandbox();
    tree = mkdtempSync(path.join(tmpdir(), 'clean-tree-'));
    for (const file of [...REMOVED, ...KEPT]) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      writeFileSync(path.join(tree, file), 'x');
    }
  });
  afterAll(() => {
    sandbox.dispose();
    rmSync(tree, { recursive: true, force: true });
  });

  it('removes build outputs, keeps sources, node_modules, .tools and the dependency charts', () => {
    const run = sandbox.make(['clean'], {}, tree);
    expect(run.status, run.stderr).toBe(0);
    expect(REMOVED.filter((file) => existsSync(path.join(tree, file)))).toEqual([]);
    expect(KEPT.filter((file) => !existsSync(path.join(tree, file)))).toEqual([]);
    expect(run.calls).toEqual([]);
  });
});
