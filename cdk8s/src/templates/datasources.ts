import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { valueRefs, valuesPath } from '../values/value-refs';
import { prometheusQueryUrl, tempoQueryUrl } from './urls';
import { checkGrafanaSidecarLabel } from './validations';

/** The Grafana provisioning files the datasource ConfigMaps hold (constructs/grafana-datasource.ts). */

const ds = valueRefs.grafanaDatasource;
const serviceGraph = valueRefs.serviceGraph;

/** The Tempo datasource file. */
export const grafanaDatasourceFile: NamedTemplate = {
  name: 'lab.grafanaDatasourceFile',
  args: '.',
  description: `The Grafana provisioning file for the Tempo datasource; trace-to-logs only when its uid is set, the service map
and trace-to-metrics with serviceGraph. Fails when Grafana's sidecar would not load it (${checkGrafanaSidecarLabel.name}).`,
  body: `{{- include "${checkGrafanaSidecarLabel.name}" . -}}
{{- $values := ${valuesPath(ds)} -}}
{{- $jsonData := dict "nodeGraph" (dict "enabled" $values.nodeGraph) "search" (dict "hide" $values.hideSearch) -}}
{{- with $values.tracesToLogsDatasourceUid -}}
{{- $_ := set $jsonData "tracesToLogsV2" (dict "datasourceUid" . "filterByTraceID" true "spanStartTimeShift" "-5m" "spanEndTimeShift" "5m" "tags" (list (dict "key" "service.name" "value" "service_name"))) -}}
{{- end -}}
{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- $prometheus := ${valuesPath(serviceGraph.prometheus.datasourceUid)} -}}
{{- $_ := set $jsonData "tracesToMetrics" (dict "datasourceUid" $prometheus "tags" (list (dict "key" "service.name" "value" "service"))) -}}
{{- $_ := set $jsonData "serviceMap" (dict "datasourceUid" $prometheus) -}}
{{- end -}}
{{- $datasource := dict "name" $values.name "type" "tempo" "uid" $values.uid "url" (include "${tempoQueryUrl.name}" .) "access" "proxy" "isDefault" $values.isDefault "editable" false "jsonData" $jsonData -}}
{{- toYaml (dict "apiVersion" 1 "datasources" (list $datasource)) -}}`,
};

/** The Prometheus datasource file. */
export const prometheusDatasourceFile: NamedTemplate = {
  name: 'lab.prometheusDatasourceFile',
  args: '.',
  description: "The Grafana provisioning file for the bundled Prometheus (the service graph's metrics).",
  body: `{{- include "${checkGrafanaSidecarLabel.name}" . -}}
{{- $values := ${valuesPath(serviceGraph.prometheus)} -}}
{{- $datasource := dict "name" $values.datasourceName "type" "prometheus" "uid" $values.datasourceUid "url" (include "${prometheusQueryUrl.name}" .) "access" "proxy" "isDefault" false "editable" false "jsonData" (dict "httpMethod" "POST") -}}
{{- toYaml (dict "apiVersion" 1 "datasources" (list $datasource)) -}}`,
};

/** templates/_datasources.tpl */
export const DATASOURCES_TPL: NamedTemplateFile = { file: '_datasources.tpl', templates: [grafanaDatasourceFile, prometheusDatasourceFile] };
