import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HELPER } from '../chart/helpers-tpl';
import { includeText } from '../helm/expressions';
import { valueRefs, valuesPath } from '../values/value-refs';
import { labelComponent } from './component-labels';

export const GRAFANA_DATASOURCE_CONFIGMAP = 'tempo-grafana-datasource';
export const GRAFANA_DATASOURCE_FILE = 'tempo-datasource.yaml';

/**
 * A ConfigMap holding a Grafana provisioning file (as YAML, readable in `helm template` and Argo CD's diff) for the
 * Tempo datasource, labelled so that Grafana's datasource sidecar (grafana chart, kube-prometheus-stack) loads it.
 * The sidecar label's key and value come from values and are added to the standard labels.
 */
export class GrafanaDatasource extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const configMap = new kplus.ConfigMap(this, 'configmap', {
      metadata: { name: GRAFANA_DATASOURCE_CONFIGMAP },
      data: { [GRAFANA_DATASOURCE_FILE]: includeText(HELPER.grafanaDatasourceFile) },
    });
    const label = valueRefs.grafanaDatasource.label;
    labelComponent(ApiObject.of(configMap), {
      name: 'grafana-datasource',
      component: 'datasource',
      extraLabels: `(dict ${valuesPath(label.key)} ${valuesPath(label.value)})`,
    });
  }
}
