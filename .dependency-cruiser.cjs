// @ts-check
/**
 * The rules every TypeScript module of the repository keeps, checked by `make lint` (`npx depcruise --config
 * .dependency-cruiser.cjs .` from the root) and by test/dependencies/dependencies.test.ts. The layers inside
 * cdk8s/src have their own rules, cdk8s/.dependency-cruiser.cjs.
 *
 *   no cycle anywhere, also through a workspace package or a type-only import;
 *   services/contract imports nothing (it is the one home of the facts everything else imports);
 *   the programs (services/*\/src, cdk8s/src) never import a test, a test helper or the benchmark;
 *   nothing imports a test file.
 */
const PROGRAMS = ['^services/[^/]+/src/', '^cdk8s/src/'];
const TESTS_AND_HELPERS = ['^test-support/', '^test/', '^e2e/', '^bench/', '(^|/)test/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties its modules into one: none anywhere in the repository.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing',
      severity: 'error',
      comment: 'services/contract holds facts, no code to run: it imports nothing but its own modules (not even node:).',
      from: { path: '^services/contract/' },
      to: { pathNot: '^services/contract/src/' },
    },
    {
      name: 'programs-import-no-tests',
      severity: 'error',
      comment: 'What ships never depends on tests, test helpers or the benchmark.',
      from: { path: PROGRAMS },
      to: { path: TESTS_AND_HELPERS },
    },
    {
      name: 'no-test-file-imported',
      severity: 'error',
      comment: 'A test file is run, never imported: shared test code lives in test-support/.',
      from: {},
      to: { path: '\\.test\\.ts$' },
    },
  ],
  options: {
    // The repository's own TypeScript: packages are seen (so services/contract's rule sees one) but not followed;
    // build output and the tutorial's npm project are left out.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '^bench/tutorial/', '^cdk8s/cdk8s\\.out/'] },
    // Type-only imports count: they tie modules together as much as any other.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.dependencies.json' },
  },
};
