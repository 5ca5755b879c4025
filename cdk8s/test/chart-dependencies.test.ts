import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMITTED_CHART } from '../../test-support/chart/committed-chart';

interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
}

const committedChartYaml = () => parse(readFileSync(join(COMMITTED_CHART, 'Chart.yaml'), 'utf8')) as { dependencies: Dependency[] };
const committedValues = () => parse(readFileSync(join(COMMITTED_CHART, 'values.yaml'), 'utf8')) as Record<string, any>;

describe('the dependencies (pinned)', () => {
  // Checked against grafana-community/helm-charts charts/tempo/Chart.yaml (version 2.2.4, appVersion 2.10.8).
  // The grafana/helm-charts `tempo` chart is deprecated and frozen at 1.24.4: it must not come back.
  it('is the grafana-community tempo chart at an exact version, switched by tempo.enabled', () => {
    const tempo = committedChartYaml().dependencies.find((dependency) => dependency.name === 'tempo');
    expect(tempo).toEqual({
      name: 'tempo',
      version: '2.2.4',
      repository: 'https://grafana-community.github.io/helm-charts',
      condition: 'tempo.enabled',
    });
  });

  // Checked against grafana-community/helm-charts charts/grafana/Chart.yaml (version 12.11.1, appVersion 13.2.0).
  it('adds Grafana from the same repository at an exact version, switched by grafana.enabled', () => {
    const grafana = committedChartYaml().dependencies.find((dependency) => dependency.name === 'grafana');
    expect(grafana).toEqual({
      name: 'grafana',
      version: '12.11.1',
      repository: 'https://grafana-community.github.io/helm-charts',
      condition: 'grafana.enabled',
    });
  });

  // Checked against prometheus-community/helm-charts charts/prometheus/Chart.yaml (version 29.27.0, appVersion v3.14.0).
  // Helm takes the first condition path that holds a boolean: prometheus.enabled is unset, so serviceGraph.enabled decides.
  it('adds Prometheus from prometheus-community at an exact version, following serviceGraph.enabled unless prometheus.enabled is set', () => {
    const prometheus = committedChartYaml().dependencies.find((dependency) => dependency.name === 'prometheus');
    expect(prometheus).toEqual({
      name: 'prometheus',
      version: '29.27.0',
      repository: 'https://prometheus-community.github.io/helm-charts',
      condition: 'prometheus.enabled,serviceGraph.enabled',
    });
    expect(committedValues().prometheus).not.toHaveProperty('enabled');
  });

  it('has no version ranges in any dependency', () => {
    for (const dependency of committedChartYaml().dependencies) expect(dependency.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

// What the real Tempo chart makes of these values is checked in tempo-wiring.test.ts.
describe('Tempo values', () => {
  it('values.yaml names the Service tempo, binds both OTLP receivers to all interfaces and turns usage reporting off', () => {
    const { tempo } = committedValues();
    expect(tempo.enabled).toBe(true);
    expect(tempo.fullnameOverride).toBe('tempo');
    expect(tempo.tempo.reportingEnabled).toBe(false);
    expect(tempo.tempo.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(tempo.tempo.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(tempo.tempo).not.toHaveProperty('receiver');
  });
});
