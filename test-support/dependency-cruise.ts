import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * dependency-cruiser as the rule tests run it (cdk8s/test/layers.test.ts, test/dependencies): the same
 * configuration files `make lint` gives the command line, over the real tree or over a small tree of fixtures that
 * shows a rule catches what it is for.
 */

export interface CruiseOutcome {
  /** Every module read, by path relative to the base folder. */
  modules: string[];
  /** `<rule>: <from> → <to>`, sorted. */
  violations: string[];
}

/** The modules and broken rules of `roots` under `baseDir`, read with the configuration `configFile` and `tsConfigFile`. */
export async function cruiseTree(configFile: string, tsConfigFile: string, baseDir: string, roots: readonly string[]): Promise<CruiseOutcome> {
  const options = await extractDepcruiseOptions(configFile);
  const { output } = await cruise([...roots], { ...options, baseDir }, undefined, { tsConfig: extractTSConfig(tsConfigFile) });
  const result = output as ICruiseResult;
  return {
    modules: result.modules.map((module) => module.source),
    violations: result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`).sort(),
  };
}

const fixtures: string[] = [];
process.on('exit', () => {
  for (const fixture of fixtures) rmSync(fixture, { recursive: true, force: true });
});

/** A tree of the given files (path → text) in a temporary folder, removed when the test process exits. */
export function fixtureTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tracing-lab-dependencies-'));
  fixtures.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
