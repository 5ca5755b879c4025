import { PART_OF } from '../constructs/chart-identity';
import { heapBudgetTemplate } from '../constructs/heap-budget';
import { valueRefs, valuesPath } from '../values/value-refs';
import { IMPLIED_TEMPO_KEYS, REMOTE_WRITE_PATH, REMOTE_WRITE_RECEIVER_FLAG, SERVICE_GRAPH_PROCESSORS, SERVICE_GRAPH_VALUES_FILE } from '../values/service-graph';
import { GRAFANA_DEPENDENCY, PROMETHEUS_DEPENDENCY, TEMPO_DEPENDENCY } from '../values/dependencies';

/**
 * Named templates (templates/_helpers.tpl). Only what cannot be a plain value reference lives here: the labels,
 * names and URLs derived from the Tempo subchart's naming, and strings assembled from maps.
 */

export const HELPER = {
  labels: 'lab.labels',
  selectorLabels: 'lab.selectorLabels',
  dependencyFullname: 'lab.dependencyFullname',
  tempoServiceName: 'lab.tempoServiceName',
  grafanaServiceName: 'lab.grafanaServiceName',
  otlpEndpoint: 'lab.otlpEndpoint',
  tempoQueryUrl: 'lab.tempoQueryUrl',
  traceCheckTempoUrl: 'lab.traceCheckTempoUrl',
  resourceAttributes: 'lab.otelResourceAttributes',
  grafanaDatasourceFile: 'lab.grafanaDatasourceFile',
  checkGrafanaSidecarLabel: 'lab.checkGrafanaSidecarLabel',
  prometheusServiceName: 'lab.prometheusServiceName',
  prometheusInstalled: 'lab.prometheusInstalled',
  bundledRemoteWriteUrl: 'lab.bundledRemoteWriteUrl',
  prometheusQueryUrl: 'lab.prometheusQueryUrl',
  prometheusDatasourceFile: 'lab.prometheusDatasourceFile',
  traceCheckServiceGraphArgs: 'lab.traceCheckServiceGraphArgs',
  checkServiceGraph: 'lab.checkServiceGraph',
} as const;

const tempo = valueRefs.tempo;
const otel = valueRefs.otel;
const ds = valueRefs.grafanaDatasource;
const serviceGraph = valueRefs.serviceGraph;
const prometheus = valueRefs.prometheus;
const generator = valueRefs.tempo.tempo.metricsGenerator;

/** The trace-check flag that turns its service-graph step on (services/log-service/src/trace-check/options.ts). */
export const PROMETHEUS_URL_FLAG = '--prometheus-url';

/** The Kubernetes resource attributes every service reports, from the Downward API variables of its container. */
export const KUBERNETES_RESOURCE_ATTRIBUTES = 'k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)';

export function helpersTemplate(): string {
  return `{{/*
What a component's Deployment and Service select on (immutable once installed).
Argument: (dict "context" $ "name" <app.kubernetes.io/name>).
*/}}
{{- define "${HELPER.selectorLabels}" -}}
{{- toYaml (dict "app.kubernetes.io/name" .name "app.kubernetes.io/instance" .context.Release.Name) -}}
{{- end -}}

{{/*
The recommended labels of a component: its selector labels, version, component, part-of, managed-by and chart.
Argument: (dict "context" $ "name" <name> "component" <app.kubernetes.io/component> ["extra" <map>]); labels in
"extra" (chosen in values) are added, and the standard ones win a clash.
*/}}
{{- define "${HELPER.labels}" -}}
{{- $labels := include "${HELPER.selectorLabels}" . | fromYaml -}}
{{- $_ := set $labels "app.kubernetes.io/version" .context.Chart.AppVersion -}}
{{- $_ := set $labels "app.kubernetes.io/component" .component -}}
{{- $_ := set $labels "app.kubernetes.io/part-of" ${JSON.stringify(PART_OF)} -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (printf "%s-%s" .context.Chart.Name .context.Chart.Version | replace "+" "_") -}}
{{- toYaml (merge $labels (default (dict) .extra)) -}}
{{- end -}}

{{/*
The name a dependency chart gives its Service (its "fullname"), by the rule the Tempo and Grafana charts share:
fullnameOverride, else the release name if it contains the chart's name (nameOverride, else the chart's own
name), else <release>-<name>. Argument: (dict "context" $ "chart" <chart name> "values" <its values>).
*/}}
{{- define "${HELPER.dependencyFullname}" -}}
{{- if .values.fullnameOverride -}}
{{- .values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := .values.nameOverride | default .chart -}}
{{- if contains $name .context.Release.Name -}}
{{- .context.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .context.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The Tempo Service (${TEMPO_DEPENDENCY.name} chart). */}}
{{- define "${HELPER.tempoServiceName}" -}}
{{- include "${HELPER.dependencyFullname}" (dict "context" . "chart" "${TEMPO_DEPENDENCY.name}" "values" (dict "fullnameOverride" ${valuesPath(tempo.fullnameOverride)} "nameOverride" ${valuesPath(tempo.nameOverride)})) -}}
{{- end -}}

{{/* The Grafana Service (${GRAFANA_DEPENDENCY.name} chart), which is also the name of its admin Secret. */}}
{{- define "${HELPER.grafanaServiceName}" -}}
{{- include "${HELPER.dependencyFullname}" (dict "context" . "chart" "${GRAFANA_DEPENDENCY.name}" "values" (dict "fullnameOverride" ${valuesPath(valueRefs.grafana.fullnameOverride)} "nameOverride" ${valuesPath(valueRefs.grafana.nameOverride)})) -}}
{{- end -}}

{{/* OTLP/gRPC endpoint of the services: otel.endpoint, else this chart's Tempo (insecure gRPC on 4317). */}}
{{- define "${HELPER.otlpEndpoint}" -}}
{{- ${valuesPath(otel.endpoint)} | default (printf "http://%s.%s.svc.cluster.local:4317" (include "${HELPER.tempoServiceName}" .) .Release.Namespace) -}}
{{- end -}}

{{/* Tempo HTTP API for Grafana: grafanaDatasource.url, else this chart's Tempo on 3200. */}}
{{- define "${HELPER.tempoQueryUrl}" -}}
{{- ${valuesPath(ds.url)} | default (printf "http://%s.%s.svc.cluster.local:3200" (include "${HELPER.tempoServiceName}" .) .Release.Namespace) -}}
{{- end -}}

{{/* Tempo HTTP API for the trace check: traceCheck.tempoUrl, else this chart's Tempo on 3200. */}}
{{- define "${HELPER.traceCheckTempoUrl}" -}}
{{- ${valuesPath(valueRefs.traceCheck.tempoUrl)} | default (printf "http://%s.%s.svc.cluster.local:3200" (include "${HELPER.tempoServiceName}" .) .Release.Namespace) -}}
{{- end -}}

{{/* OTEL_RESOURCE_ATTRIBUTES: the Kubernetes attributes, then otel.resourceAttributes sorted by key. */}}
{{- define "${HELPER.resourceAttributes}" -}}
{{- $attributes := list ${JSON.stringify(KUBERNETES_RESOURCE_ATTRIBUTES)} -}}
{{- range $key, $value := ${valuesPath(otel.resourceAttributes)} -}}
{{- $attributes = append $attributes (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $attributes -}}
{{- end -}}

{{/* With the Grafana dependency on, its sidecar must watch the label our datasource ConfigMap carries. */}}
{{- define "${HELPER.checkGrafanaSidecarLabel}" -}}
{{- $sidecar := ${valuesPath(valueRefs.grafana.sidecar.datasources)} -}}
{{- if and ${valuesPath(valueRefs.grafana.enabled)} (or (ne $sidecar.label ${valuesPath(ds.label.key)}) (ne (toString $sidecar.labelValue) ${valuesPath(ds.label.value)})) -}}
{{- fail (printf "grafana.sidecar.datasources.label/labelValue (%s=%v) must match grafanaDatasource.label.key/value (%s=%s), or Grafana will not load the Tempo datasource" $sidecar.label $sidecar.labelValue ${valuesPath(ds.label.key)} ${valuesPath(ds.label.value)}) -}}
{{- end -}}
{{- end -}}

{{/* The Grafana provisioning file for the Tempo datasource; trace-to-logs only when its uid is set, the service map and trace-to-metrics with serviceGraph. */}}
{{- define "${HELPER.grafanaDatasourceFile}" -}}
{{- include "${HELPER.checkGrafanaSidecarLabel}" . -}}
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
{{- $datasource := dict "name" $values.name "type" "tempo" "uid" $values.uid "url" (include "${HELPER.tempoQueryUrl}" .) "access" "proxy" "isDefault" $values.isDefault "editable" false "jsonData" $jsonData -}}
{{- toYaml (dict "apiVersion" 1 "datasources" (list $datasource)) -}}
{{- end -}}

{{/*
The Prometheus server Service (${PROMETHEUS_DEPENDENCY.name} chart), by that chart's rule for its server:
server.fullnameOverride, else the chart's fullname without override (the rule above) followed by -<server.name>.
*/}}
{{- define "${HELPER.prometheusServiceName}" -}}
{{- $server := ${valuesPath(prometheus.server)} -}}
{{- if $server.fullnameOverride -}}
{{- $server.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $chart := include "${HELPER.dependencyFullname}" (dict "context" . "chart" "${PROMETHEUS_DEPENDENCY.name}" "values" (dict "nameOverride" (dig "nameOverride" "" ${valuesPath(prometheus)}))) -}}
{{- printf "%s-%s" $chart (dig "name" "server" $server) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* "true" when Helm installs the Prometheus dependency: its condition ${JSON.stringify(PROMETHEUS_DEPENDENCY.condition)} takes the first path holding a boolean. */}}
{{- define "${HELPER.prometheusInstalled}" -}}
{{- if kindIs "bool" ${valuesPath(prometheus.enabled)} -}}
{{- ${valuesPath(prometheus.enabled)} -}}
{{- else -}}
{{- ${valuesPath(serviceGraph.enabled)} -}}
{{- end -}}
{{- end -}}

{{/* Tempo's remote-write URL for the bundled Prometheus: Service name and port, namespace-relative (Tempo runs in the release namespace too). */}}
{{- define "${HELPER.bundledRemoteWriteUrl}" -}}
{{- printf "http://%s:%v${REMOTE_WRITE_PATH}" (include "${HELPER.prometheusServiceName}" .) ${valuesPath(prometheus.server.service.servicePort)} -}}
{{- end -}}

{{/* Prometheus's HTTP API for Grafana and the trace check: serviceGraph.prometheus.url, else the bundled one. */}}
{{- define "${HELPER.prometheusQueryUrl}" -}}
{{- ${valuesPath(serviceGraph.prometheus.url)} | default (printf "http://%s.%s.svc.cluster.local:%v" (include "${HELPER.prometheusServiceName}" .) .Release.Namespace ${valuesPath(prometheus.server.service.servicePort)}) -}}
{{- end -}}

{{/* The Grafana provisioning file for the bundled Prometheus (the service graph's metrics). */}}
{{- define "${HELPER.prometheusDatasourceFile}" -}}
{{- include "${HELPER.checkGrafanaSidecarLabel}" . -}}
{{- $values := ${valuesPath(serviceGraph.prometheus)} -}}
{{- $datasource := dict "name" $values.datasourceName "type" "prometheus" "uid" $values.datasourceUid "url" (include "${HELPER.prometheusQueryUrl}" .) "access" "proxy" "isDefault" false "editable" false "jsonData" (dict "httpMethod" "POST") -}}
{{- toYaml (dict "apiVersion" 1 "datasources" (list $datasource)) -}}
{{- end -}}

{{/* The trace check's service-graph step: its flag and Prometheus's URL with serviceGraph, else none (a YAML list). */}}
{{- define "${HELPER.traceCheckServiceGraphArgs}" -}}
{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- toYaml (list "${PROMETHEUS_URL_FLAG}" (include "${HELPER.prometheusQueryUrl}" .)) -}}
{{- else -}}
[]
{{- end -}}
{{- end -}}

{{/*
serviceGraph.enabled and the keys it implies, which Helm cannot set from it (values are merged before any template
runs): ${SERVICE_GRAPH_VALUES_FILE} sets them together. Fails naming every key that contradicts the switch.
*/}}
{{- define "${HELPER.checkServiceGraph}" -}}
{{- $problems := list -}}
{{- $url := ${valuesPath(serviceGraph.prometheus.url)} -}}
{{- $installed := eq (include "${HELPER.prometheusInstalled}" .) "true" -}}
{{- $generatorOn := ${valuesPath(generator.enabled)} -}}
{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- if ${valuesPath(tempo.enabled)} -}}
{{- if not $generatorOn -}}
{{- $problems = append $problems (printf "${IMPLIED_TEMPO_KEYS.generatorEnabled} is %v, must be true" $generatorOn) -}}
{{- end -}}
{{- $wanted := ternary (printf "%s${REMOTE_WRITE_PATH}" (trimSuffix "/" $url)) (include "${HELPER.bundledRemoteWriteUrl}" .) (ne $url "") -}}
{{- $actual := ${valuesPath(generator.remoteWriteUrl)} | default "" | toString -}}
{{- if ne $actual $wanted -}}
{{- $problems = append $problems (printf "${IMPLIED_TEMPO_KEYS.remoteWriteUrl} is %q, must be %q (%s)" $actual $wanted (ternary "serviceGraph.prometheus.url + ${REMOTE_WRITE_PATH}" "the bundled Prometheus Service and port" (ne $url ""))) -}}
{{- end -}}
{{- $processors := dig "defaults" "metrics_generator" "processors" (list) (${valuesPath(valueRefs.tempo.tempo.overrides)} | default dict) -}}
{{- range $processor := list ${SERVICE_GRAPH_PROCESSORS.map((processor) => JSON.stringify(processor)).join(' ')} -}}
{{- if not (has $processor $processors) -}}
{{- $problems = append $problems (printf "${IMPLIED_TEMPO_KEYS.processors} is %v, must include %s" $processors $processor) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $url -}}
{{- if $installed -}}
{{- $problems = append $problems "prometheus.enabled is unset or true, must be false: serviceGraph.prometheus.url names your own Prometheus, and the bundled one would be installed as well" -}}
{{- end -}}
{{- else -}}
{{- if not $installed -}}
{{- $problems = append $problems "prometheus.enabled is false, but serviceGraph.prometheus.url is empty: unset prometheus.enabled for the bundled Prometheus, or name your own in serviceGraph.prometheus.url" -}}
{{- end -}}
{{- with dig "forceNamespace" "" ${valuesPath(prometheus)} -}}
{{- $problems = append $problems (printf "prometheus.forceNamespace is %q, must be empty: Tempo writes to the Prometheus Service by its name in the release namespace" .) -}}
{{- end -}}
{{- if not (has "${REMOTE_WRITE_RECEIVER_FLAG}" ${valuesPath(prometheus.server.extraFlags)}) -}}
{{- $problems = append $problems (printf "prometheus.server.extraFlags is %v, must include ${REMOTE_WRITE_RECEIVER_FLAG} (Tempo's remote write)" ${valuesPath(prometheus.server.extraFlags)}) -}}
{{- end -}}
{{- end -}}
{{- else -}}
{{- if and ${valuesPath(tempo.enabled)} $generatorOn -}}
{{- $problems = append $problems "${IMPLIED_TEMPO_KEYS.generatorEnabled} is true, must be false: Tempo's metrics-generator is part of the service graph" -}}
{{- end -}}
{{- if $installed -}}
{{- $problems = append $problems "prometheus.enabled is true, must be unset or false: the bundled Prometheus only serves the service graph" -}}
{{- end -}}
{{- end -}}
{{- with $problems -}}
{{- fail (printf "serviceGraph.enabled is %v, and these keys contradict it:\\n  - %s\\nThe chart's ${SERVICE_GRAPH_VALUES_FILE} turns the service graph on with every key it needs (helm -f charts/lab/${SERVICE_GRAPH_VALUES_FILE}; make install SERVICE_GRAPH=1); docs/service-graph.md says what each key does." $${valuesPath(serviceGraph.enabled)} (join "\\n  - " .)) -}}
{{- end -}}
{{- end -}}

${heapBudgetTemplate()}`;
}
