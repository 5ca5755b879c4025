import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HELPER } from '../chart/helpers-tpl';
import { includeString } from '../helm/expressions';
import { helmBlock } from '../helm/markers';
import { addTemplatePatch } from '../helm/template-patches';
import { valueRefs, valuesPath } from '../values/value-refs';
import type { ChartIdentity } from './chart-identity';
import { labelsDict, standardLabelValues } from './standard-labels';

export const GRAFANA_DATASOURCE_CONFIGMAP = 'tempo-grafana-datasource';
export const GRAFANA_DATASOURCE_FILE = 'tempo-datasource.yaml';

/**
 * A ConfigMap holding a Grafana provisioning file for the Tempo datasource, labelled so that Grafana's datasource
 * sidecar (grafana chart, kube-prometheus-stack) loads it. The sidecar label's key and value come from values, so
 * the labels map is assembled by the template (standard labels win over a clashing key).
 */
export class GrafanaDatasource extends Construct {
  constructor(scope: Construct, id: string, props: { chart: ChartIdentity }) {
    super(scope, id);
    const configMap = new kplus.ConfigMap(this, 'configmap', {
      metadata: { name: GRAFANA_DATASOURCE_CONFIGMAP },
      data: { [GRAFANA_DATASOURCE_FILE]: includeString(HELPER.grafanaDatasourceFile) },
    });
    const label = valueRefs.grafanaDatasource.label;
    const standard = labelsDict(standardLabelValues(props.chart, 'grafana-datasource', 'datasource'));
    addTemplatePatch(
      ApiObject.of(configMap),
      JsonPatch.add('/metadata/labels', helmBlock(`(merge ${standard} (dict ${valuesPath(label.key)} ${valuesPath(label.value)}))`)),
    );
  }
}
