import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruiseTree, fixtureTree } from '../../test-support/dependency-cruise';

// The generator's layers (values < templating < templates < constructs < chart, then src/main.ts), as
// cdk8s/.dependency-cruiser.cjs declares them: the real imports of cdk8s/src, read by dependency-cruiser (type-only
// imports included), break none of its rules. `make lint` runs the same configuration from the command line.

const CDK8S = resolve(import.meta.dirname, '..');

/** The modules and broken rules of the TypeScript under `<baseDir>/src`, read with the lab's configuration. */
const cruiseSrc = (baseDir: string) => cruiseTree(join(CDK8S, '.dependency-cruiser.cjs'), join(CDK8S, 'tsconfig.json'), baseDir, ['src']);

describe('the layers of cdk8s/src', () => {
  it('no module imports from a layer above its own, and none is part of a cycle', async () => {
    const { modules, violations } = await cruiseSrc(CDK8S);
    // Every TypeScript file was read (a resolution problem would make the check pass vacuously).
    const files = readdirSync(join(CDK8S, 'src'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => relative(CDK8S, join(entry.parentPath, entry.name)).split(sep).join('/'));
    expect(modules.sort()).toEqual(files.sort());
    expect(violations).toEqual([]);
  });

  describe('the rules catch', () => {
    /** A source tree of the given files (path under src/ → text), cruised like the real one. */
    async function violationsOf(files: Record<string, string>): Promise<string[]> {
      const tree = fixtureTree(Object.fromEntries(Object.entries(files).map(([path, text]) => [`src/${path}`, text])));
      return (await cruiseSrc(tree)).violations;
    }

    it('an import from a higher layer, also a type-only one', async () => {
      expect(
        await violationsOf({
          'values/model.ts': "import { chartFiles } from '../chart/chart-files';\nexport const files = chartFiles;\n",
          'templates/labels.ts': "import type { Construct } from '../constructs/component';\nexport type Scope = Construct;\n",
          'chart/chart-files.ts': 'export const chartFiles = 1;\n',
          'constructs/component.ts': 'export interface Construct { readonly id: string }\n',
        }),
      ).toEqual([
        'templates-imports-no-higher-layer: src/templates/labels.ts → src/constructs/component.ts',
        'values-imports-no-higher-layer: src/values/model.ts → src/chart/chart-files.ts',
      ]);
    });

    it('an import of the program from a layer', async () => {
      expect(
        await violationsOf({
          'main.ts': "import { writer } from './chart/writer';\nexport const DIRECTORY = writer;\n",
          'chart/writer.ts': "import { DIRECTORY } from '../main';\nexport const writer = 'w';\nexport const directory = () => DIRECTORY;\n",
        }),
      ).toContain('chart-imports-no-higher-layer: src/chart/writer.ts → src/main.ts');
    });

    it('a cycle inside one layer', async () => {
      expect(
        await violationsOf({
          'values/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
          'values/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        }),
      ).toEqual(['no-circular: src/values/a.ts → src/values/b.ts']);
    });

    it('a module outside the layer folders', async () => {
      expect(
        await violationsOf({
          'util/strings.ts': "import { a } from '../values/a';\nexport const s = a;\n",
          'values/a.ts': 'export const a = 1;\n',
          'chart/b.ts': "import { s } from '../util/strings';\nexport const b = s;\n",
          'helpers.ts': 'export const unused = 1;\n',
        }),
      ).toEqual([
        'in-a-layer-imported: src/chart/b.ts → src/util/strings.ts',
        'in-a-layer-orphan: src/helpers.ts → src/helpers.ts',
        'in-a-layer: src/util/strings.ts → src/values/a.ts',
      ]);
    });
  });
});
