import { heapBudgetTemplate } from '../constructs/heap-budget';
import { valueRefs, valuesPath } from '../values/value-refs';

/**
 * Named templates (templates/_helpers.tpl). Only what cannot be a plain value reference lives here: names and URLs
 * derived from the Tempo subchart's naming, and strings assembled from maps.
 */

export const HELPER = {
  tempoServiceName: 'lab.tempoServiceName',
  otlpEndpoint: 'lab.otlpEndpoint',
  tempoQueryUrl: 'lab.tempoQueryUrl',
  traceCheckTempoUrl: 'lab.traceCheckTempoUrl',
  resourceAttributes: 'lab.otelResourceAttributes',
  grafanaDatasourceFile: 'lab.grafanaDatasourceFile',
  checkGrafanaSidecarLabel: 'lab.checkGrafanaSidecarLabel',
} as const;

const tempo = valueRefs.tempo;
const otel = valueRefs.otel;
const ds = valueRefs.grafanaDatasource;

/** The Kubernetes resource attributes every service reports, from the Downward API variables of its container. */
export const KUBERNETES_RESOURCE_ATTRIBUTES = 'k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)';

export function helpersTemplate(): string {
  return `{{/*
Name of the Tempo Service, following the Tempo chart's fullname rule
(fullnameOverride, else the release name if it contains "tempo", else <release>-tempo).
*/}}
{{- define "${HELPER.tempoServiceName}" -}}
{{- if ${valuesPath(tempo.fullnameOverride)} -}}
{{- ${valuesPath(tempo.fullnameOverride)} | trunc 63 | trimSuffix "-" -}}
{{- else if contains "tempo" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-tempo" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
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

{{/* The Grafana provisioning file for the Tempo datasource; optional links only when their uids are set. */}}
{{- define "${HELPER.grafanaDatasourceFile}" -}}
{{- include "${HELPER.checkGrafanaSidecarLabel}" . -}}
{{- $values := ${valuesPath(ds)} -}}
{{- $jsonData := dict "nodeGraph" (dict "enabled" $values.nodeGraph) "search" (dict "hide" $values.hideSearch) -}}
{{- with $values.tracesToLogsDatasourceUid -}}
{{- $_ := set $jsonData "tracesToLogsV2" (dict "datasourceUid" . "filterByTraceID" true "spanStartTimeShift" "-5m" "spanEndTimeShift" "5m" "tags" (list (dict "key" "service.name" "value" "service_name"))) -}}
{{- end -}}
{{- with $values.tracesToMetricsDatasourceUid -}}
{{- $_ := set $jsonData "tracesToMetrics" (dict "datasourceUid" . "tags" (list (dict "key" "service.name" "value" "service"))) -}}
{{- end -}}
{{- with $values.serviceMapDatasourceUid -}}
{{- $_ := set $jsonData "serviceMap" (dict "datasourceUid" .) -}}
{{- end -}}
{{- $datasource := dict "name" $values.name "type" "tempo" "uid" $values.uid "url" (include "${HELPER.tempoQueryUrl}" .) "access" "proxy" "isDefault" $values.isDefault "editable" false "jsonData" $jsonData -}}
{{- toYaml (dict "apiVersion" 1 "datasources" (list $datasource)) -}}
{{- end -}}

${heapBudgetTemplate()}`;
}
