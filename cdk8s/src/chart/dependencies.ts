import { valueRefs, valuesKey } from '../values/value-refs';

/** A Chart.yaml dependency. */
export interface ChartDependency {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  readonly condition: string;
}

/** The grafana-community Helm repository (the grafana/helm-charts `tempo` chart is deprecated and frozen). */
export const GRAFANA_COMMUNITY_REPOSITORY = 'https://grafana-community.github.io/helm-charts';

/**
 * Tempo single binary. Version checked against grafana-community/helm-charts `charts/tempo/Chart.yaml`
 * (version 2.2.4, appVersion 2.10.8; repository snapshot of 2026-08-20).
 */
export const TEMPO_DEPENDENCY: ChartDependency = {
  name: 'tempo',
  version: '2.2.4',
  repository: GRAFANA_COMMUNITY_REPOSITORY,
  condition: valuesKey(valueRefs.tempo.enabled),
};

/**
 * Grafana, optional. Version checked against grafana-community/helm-charts `charts/grafana/Chart.yaml`
 * (version 12.11.1, appVersion 13.2.0; repository snapshot of 2026-08-20).
 */
export const GRAFANA_DEPENDENCY: ChartDependency = {
  name: 'grafana',
  version: '12.11.1',
  repository: GRAFANA_COMMUNITY_REPOSITORY,
  condition: valuesKey(valueRefs.grafana.enabled),
};

export const CHART_DEPENDENCIES: readonly ChartDependency[] = [TEMPO_DEPENDENCY, GRAFANA_DEPENDENCY];
