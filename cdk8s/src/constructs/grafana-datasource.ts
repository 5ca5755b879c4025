import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { grafanaDatasourceFile, prometheusDatasourceFile } from '../templates/datasources';
import { includeText } from '../templating/expressions';
import { valueRefs, valuesPath } from '../values/value-refs';
import { labelComponent } from './component-labels';

/** The datasources the chart provisions: the ConfigMap, its file, and the named template that writes the file. */
export const DATASOURCES = {
  tempo: { configMap: 'tempo-grafana-datasource', file: 'tempo-datasource.yaml', template: grafanaDatasourceFile, name: 'grafana-datasource' },
  prometheus: { configMap: 'prometheus-grafana-datasource', file: 'prometheus-datasource.yaml', template: prometheusDatasourceFile, name: 'prometheus-datasource' },
} as const;

export const GRAFANA_DATASOURCE_CONFIGMAP = DATASOURCES.tempo.configMap;
export const GRAFANA_DATASOURCE_FILE = DATASOURCES.tempo.file;

/**
 * A ConfigMap holding a Grafana provisioning file (as YAML, readable in `helm template` and Argo CD's diff),
 * labelled so that Grafana's datasource sidecar (grafana chart, kube-prometheus-stack) loads it. The sidecar
 * label's key and value come from values and are added to the standard labels.
 */
export class GrafanaDatasource extends Construct {
  constructor(scope: Construct, id: string, datasource: (typeof DATASOURCES)[keyof typeof DATASOURCES]) {
    super(scope, id);
    const configMap = new kplus.ConfigMap(this, 'configmap', {
      metadata: { name: datasource.configMap },
      data: { [datasource.file]: includeText(datasource.template) },
    });
    const label = valueRefs.grafanaDatasource.label;
    labelComponent(ApiObject.of(configMap), {
      name: datasource.name,
      component: 'datasource',
      extraLabels: `(dict ${valuesPath(label.key)} ${valuesPath(label.value)})`,
    });
  }
}
