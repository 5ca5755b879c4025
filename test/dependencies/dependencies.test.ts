import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/repo-root';

// The rules of the repository's whole TypeScript, as .dependency-cruiser.cjs declares them (`make lint` runs the
// same configuration from the command line): the real imports break none, and each rule catches what it is for.

const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');
const TSCONFIG = extractTSConfig(join(REPO_ROOT, 'tsconfig.dependencies.json'));
const ROOTS = ['services', 'cdk8s', 'test-support', 'test', 'e2e', 'bench', 'tools'];

async function cruiseTree(baseDir: string, roots: string[]): Promise<{ modules: string[]; violations: string[] }> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(roots, { ...options, baseDir }, undefined, { tsConfig: TSCONFIG });
  const result = output as ICruiseResult;
  return {
    modules: result.modules.map((module) => module.source),
    violations: result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort(),
  };
}

describe("the repository's TypeScript", () => {
  it('has no cycle, a contract that imports nothing, programs that import no tests, and no imported test file', async () => {
    const { modules, violations } = await cruiseTree(REPO_ROOT, ROOTS);
    // The workspaces were read through their sources (a resolution problem would make the check pass vacuously).
    expect(modules).toEqual(expect.arrayContaining(['services/contract/src/index.ts', 'services/shared/src/index.ts', 'cdk8s/src/main.ts', 'bench/main.ts']));
    expect(violations).toEqual([]);
  });

  describe('the rules catch', () => {
    const fixtures: string[] = [];
    afterAll(() => {
      for (const fixture of fixtures) rmSync(fixture, { recursive: true, force: true });
    });

    /** A tree of the given files (path → text), cruised like the real one. */
    async function violationsOf(files: Record<string, string>): Promise<string[]> {
      const root = mkdtempSync(join(tmpdir(), 'tracing-lab-dependencies-'));
      fixtures.push(root);
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      return (await cruiseTree(root, [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))])).violations;
    }

    it('a cycle, also through a type-only import', async () => {
      expect(
        await violationsOf({
          'bench/a.ts': "import type { B } from './b';\nexport type A = B;\n",
          'bench/b.ts': "import type { A } from './a';\nexport type B = { a?: A };\n",
        }),
      ).toEqual(['no-circular: bench/a.ts → bench/b.ts']);
    });

    it('an import in services/contract, even of a node: module', async () => {
      expect(await violationsOf({ 'services/contract/src/index.ts': "import { join } from 'node:path';\nexport const ROOT = join('/');\n" })).toEqual([
        'contract-imports-nothing: services/contract/src/index.ts → path',
      ]);
    });

    it('a program importing a test helper', async () => {
      expect(
        await violationsOf({
          'services/log-service/src/app.ts': "import { freePort } from '../../../test-support/lab/free-port';\nexport const port = freePort;\n",
          'test-support/lab/free-port.ts': 'export const freePort = 0;\n',
        }),
      ).toEqual(['programs-import-no-tests: services/log-service/src/app.ts → test-support/lab/free-port.ts']);
    });

    it('an imported test file', async () => {
      expect(
        await violationsOf({
          'e2e/test/a.test.ts': 'export const shared = 1;\n',
          'e2e/test/b.test.ts': "import { shared } from './a.test';\nexport const again = shared;\n",
        }),
      ).toEqual(['no-test-file-imported: e2e/test/b.test.ts → e2e/test/a.test.ts']);
    });
  });
});
