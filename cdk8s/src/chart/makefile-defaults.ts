import { defaultValues } from '../values/model';
import { GENERATED_BY } from './generated-header';

/** The Makefile's fragment of chart defaults, at the repository root beside the Makefile that includes it. */
export const MAKEFILE_DEFAULTS_FILE = 'chart-defaults.mk';

/**
 * chart-defaults.mk: the chart defaults the Makefile's targets rely on, as make variables, so the Makefile names
 * them without writing them again (`make port-forward`, `make verify`, the Grafana choice of `make install`).
 */
export function makefileDefaults(): string {
  const values = defaultValues();
  const variables: [name: string, value: string, what: string][] = [
    ['CHART_TEMPO_SERVICE', values.tempo.fullnameOverride, 'tempo.fullnameOverride: the Tempo Service (HTTP API on 3200)'],
    ['CHART_GRAFANA_SERVICE', String(values.grafana.fullnameOverride), "grafana.fullnameOverride: the Grafana Service (port 80) and its admin Secret"],
    ['CHART_GRAFANA_ENABLED', String(values.grafana.enabled), 'grafana.enabled: whether the chart installs Grafana when nothing says otherwise'],
    ['CHART_DATASOURCE_UID', values.grafanaDatasource.uid, "grafanaDatasource.uid: the Tempo datasource's uid in Grafana"],
  ];
  const lines = [`# ${GENERATED_BY}`, '# The chart defaults the Makefile relies on (cdk8s/src/chart/makefile-defaults.ts, from the values model).'];
  for (const [name, value, what] of variables) lines.push(`# ${what}`, `${name} := ${value}`);
  return `${lines.join('\n')}\n`;
}
