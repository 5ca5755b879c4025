import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultValues } from '../src/values/model';
import { chartWithDependencies, dependencyArchives } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS } from '../../test-support/chart/helm';

// `helm lint --strict` (every warning is an error) of charts/lab WITH its real dependency charts, by each Helm
// major. (`make lint` on a checkout without `make deps` lints without them and says so: scripts/lint-chart.sh.)

/** The switches of the chart, as dotted value keys. */
const TOGGLES = [
  'tempo.enabled',
  'grafana.enabled',
  'grafanaDatasource.enabled',
  'logService.enabled',
  'echoService.enabled',
  'traceCheck.helmTest.enabled',
  'traceCheck.postSync.enabled',
  'networkPolicy.enabled',
] as const;

const defaultOf = (key: string): boolean => {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], defaultValues());
  if (typeof value !== 'boolean') throw new Error(`${key} is not a boolean value`);
  return value;
};
const setAll = (value: boolean) => TOGGLES.flatMap((key) => ['--set', `${key}=${value}`]);

/** Defaults, all on, all off, and each switch flipped alone. */
const VALUE_SETS: { what: string; args: string[] }[] = [
  { what: 'default values', args: [] },
  { what: 'every switch on', args: setAll(true) },
  { what: 'every switch off', args: setAll(false) },
  ...TOGGLES.map((key) => ({ what: `${key}=${!defaultOf(key)}`, args: ['--set', `${key}=${!defaultOf(key)}`] })),
];

describe.each(HELM_MAJORS)('helm lint --strict of charts/lab with its real dependencies ($label)', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each(VALUE_SETS)('passes with $what', ({ args }) => {
    const lint = helm.lint(chart, args);
    expect(lint.output).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(lint.ok, lint.output).toBe(true);
  });

  describe('has teeth', () => {
    let work: string;
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'tracing-lab-lint-'));
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('fails when a dependency archive is missing from charts/, naming it', () => {
      const copy = join(work, 'lab');
      cpSync(chart, copy, { recursive: true });
      const [first] = dependencyArchives(copy);
      rmSync(join(copy, 'charts', first!.archive));
      const lint = helm.lint(copy);
      expect(lint.ok).toBe(false);
      expect(lint.output).toContain(first!.dependency.name);
    });
  });
});
