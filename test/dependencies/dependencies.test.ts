import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruiseTree, fixtureTree } from '../../test-support/dependency-cruise';
import { REPO_ROOT } from '../../test-support/repo-root';

// The rules of the repository's whole TypeScript, as .dependency-cruiser.cjs declares them (`make lint` runs the
// same configuration from the command line): the real imports break none, and each rule catches what it is for.

const ROOTS = ['services', 'cdk8s', 'test-support', 'test', 'e2e', 'bench'];
const cruiseRepository = (baseDir: string, roots: string[]) =>
  cruiseTree(join(REPO_ROOT, '.dependency-cruiser.cjs'), join(REPO_ROOT, 'tsconfig.dependencies.json'), baseDir, roots);

describe("the repository's TypeScript", () => {
  it('has no cycle, a contract that imports nothing, programs that import no tests, and no imported test file', async () => {
    const { modules, violations } = await cruiseRepository(REPO_ROOT, ROOTS);
    // The workspaces were read through their sources (a resolution problem would make the check pass vacuously).
    expect(modules).toEqual(expect.arrayContaining(['services/contract/src/index.ts', 'services/shared/src/index.ts', 'cdk8s/src/main.ts', 'bench/main.ts']));
    expect(violations).toEqual([]);
  });

  describe('the rules catch', () => {
    /** A tree of the given files (path → text), cruised like the real one. */
    async function violationsOf(files: Record<string, string>): Promise<string[]> {
      const roots = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!))];
      return (await cruiseRepository(fixtureTree(files), roots)).violations;
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
