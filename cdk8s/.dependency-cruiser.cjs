// @ts-check
/**
 * The generator's layers (cdk8s/src), lowest first: a module may import from its own layer and the layers before it,
 * never from one after it; src/main.ts, the program, sits above them all. This is the one place the order is
 * declared: `make lint` checks it with dependency-cruiser (`npx depcruise src` here), and cdk8s/test/layers.test.ts
 * runs the same rules through dependency-cruiser's API.
 *
 *   values      the values model (zod), the typed `.Values` references, and what follows from the values alone
 *   templating  Helm template mechanics: markers for template actions, the YAML serialiser, conditions, patches
 *   templates   the named templates, one module and one templates/_*.tpl file per concept
 *   constructs  cdk8s constructs, one per concept of the chart
 *   chart       the composition of the chart and every writer of a file of charts/lab
 */
const LAYERS = ['values', 'templating', 'templates', 'constructs', 'chart'];
const PROGRAM = '^src/main\\.ts$';

const folderOf = (/** @type {string} */ layer) => `^src/${layer}/`;
const inNoLayer = { path: '^src/', pathNot: [...LAYERS.map(folderOf), PROGRAM] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties its modules into one: none in cdk8s/src.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.map((layer, index) => ({
      name: `${layer}-imports-no-higher-layer`,
      /** @type {'error'} */ severity: 'error',
      comment: `src/${layer}/ may import from ${LAYERS.slice(0, index + 1).join(', ')}; not from ${[...LAYERS.slice(index + 1), 'main.ts'].join(', ')}.`,
      from: { path: folderOf(layer) },
      to: { path: [...LAYERS.slice(index + 1).map(folderOf), PROGRAM] },
    })),
    {
      name: 'in-a-layer',
      severity: 'error',
      comment: `Every module of src/ is in one of the layer folders (${LAYERS.join(', ')}) or is src/main.ts.`,
      from: inNoLayer,
      to: {},
    },
    {
      name: 'in-a-layer-imported',
      severity: 'error',
      comment: `Every module of src/ is in one of the layer folders (${LAYERS.join(', ')}) or is src/main.ts.`,
      from: {},
      to: inNoLayer,
    },
    {
      name: 'in-a-layer-orphan',
      severity: 'error',
      comment: `Every module of src/ is in one of the layer folders (${LAYERS.join(', ')}) or is src/main.ts.`,
      from: { ...inNoLayer, orphan: true },
      to: {},
    },
  ],
  options: {
    // Only the generator's own modules: packages and node: modules are no layer.
    includeOnly: '^src/',
    // Type-only imports count: they tie layers together as much as any other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
