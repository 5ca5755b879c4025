import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MISPLACED_KEYS, TEMPO_SETTINGS_KEYS } from '../src/values/misplaced-keys';
import { chartWithDependencies, dependencyArchives } from '../../test-support/chart/chart-with-dependencies';
import { HELM_MAJORS, HELM_V4 } from '../../test-support/chart/helm';

// Keys the Tempo and Grafana charts never read, which Helm would merge silently: the chart refuses each, naming where
// it belongs. Which keys those are is checked against the real dependency charts' own values.yaml (helm show values).

const refusal = (key: string, belongsAt: string) => `  - ${key} is not read by the chart below, so it would have no effect: write ${belongsAt}`;

describe.each(HELM_MAJORS)('misplaced keys, refused by $label', (helm) => {
  let chart: string;
  beforeAll(() => {
    chart = chartWithDependencies();
  });

  it.each([
    ['the tutorials’ tempo.receiver…', 'tempo.receiver.otlp.protocols.grpc.endpoint=0.0.0.0:4317', refusal('tempo.receiver', 'tempo.tempo.receivers')],
    ['receivers one level too high', 'tempo.receivers.otlp.protocols.grpc.endpoint=0.0.0.0:4317', refusal('tempo.receivers', 'tempo.tempo.receivers')],
    ['the singular one level down', 'tempo.tempo.receiver.otlp.protocols.grpc.endpoint=0.0.0.0:4317', refusal('tempo.tempo.receiver', 'tempo.tempo.receivers')],
    ['a Tempo switch one level too high', 'tempo.metricsGenerator.enabled=true', refusal('tempo.metricsGenerator', 'tempo.tempo.metricsGenerator')],
    ['Grafana’s sidecar in the singular', 'grafana.sidecar.datasource.enabled=true', refusal('grafana.sidecar.datasource', 'grafana.sidecar.datasources')],
  ])('%s (--set %s)', (_what, set, line) => {
    const error = helm.templateError(chart, ['--set', set]);
    expect(error.split('\n')).toContain(line);
  });

  it('names every misplaced key at once', () => {
    const error = helm.templateError(chart, ['--set', 'tempo.receiver.x=1', '--set', 'tempo.reportingEnabled=true']);
    expect(error).toContain(`these values are in the wrong place:\n${refusal('tempo.receiver', 'tempo.tempo.receivers')}\n${refusal('tempo.reportingEnabled', 'tempo.tempo.reportingEnabled')}`);
  });

  it('renders the same keys where they belong', () => {
    expect(() => helm.template(chart, ['--set', 'tempo.tempo.reportingEnabled=true', '--set', 'grafana.sidecar.datasources.enabled=true'], { fresh: true })).not.toThrow();
  });
});

describe('the misplaced keys are the ones the real charts never read', () => {
  const showValues = (dependency: string): Record<string, any> => {
    const chart = chartWithDependencies();
    const archive = dependencyArchives(chart).find(({ dependency: { name } }) => name === dependency)!.archive;
    const result = HELM_V4.run(['show', 'values', join(chart, 'charts', archive)]);
    if (result.status !== 0) throw new Error(result.stderr);
    return parse(result.stdout) as Record<string, any>;
  };

  it("each tempo.<key> refused is a key of the Tempo chart's tempo: block and not one of its top-level keys", () => {
    const tempo = showValues('tempo');
    for (const key of TEMPO_SETTINGS_KEYS) {
      expect(Object.keys(tempo.tempo), key).toContain(key);
      expect(Object.keys(tempo), key).not.toContain(key);
    }
    // Neither level has the singular.
    expect(Object.keys(tempo)).not.toContain('receiver');
    expect(Object.keys(tempo.tempo)).not.toContain('receiver');
  });

  it("Grafana's sidecar has datasources, not datasource", () => {
    const sidecar = showValues('grafana').sidecar as Record<string, unknown>;
    expect(Object.keys(sidecar)).toContain('datasources');
    expect(Object.keys(sidecar)).not.toContain('datasource');
  });

  it('every refusal names a path the chart does read', () => {
    for (const { belongsAt } of MISPLACED_KEYS) expect(belongsAt).toMatch(/^(tempo\.tempo\.|grafana\.sidecar\.datasources$)/);
  });
});
