import { valueRefs, valuesPath } from '../values/value-refs';
import { GENERATED_BY } from './generated-header';
import { HELPER } from './helpers-tpl';
import { GRAFANA_DATASOURCE_CONFIGMAP } from '../constructs/grafana-datasource';

/** templates/NOTES.txt: what Helm prints after install: how to send a request and find its trace. */
export function notesTxt(): string {
  const v = valueRefs;
  return `{{- /* ${GENERATED_BY} */ -}}
tracing-lab {{ .Chart.Version }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.

{{- if ${valuesPath(v.logService.enabled)} }}

1. Send a request to log-service and note its trace id (response header x-trace-id):

   kubectl -n {{ .Release.Namespace }} port-forward svc/log-service 8080:8080 &
   curl -si http://localhost:8080/info | grep -i '^x-trace-id'
{{- end }}

{{- if ${valuesPath(v.tempo.enabled)} }}

2. Look the trace up in Tempo (echo-service's span is nested under log-service's):

   kubectl -n {{ .Release.Namespace }} port-forward svc/{{ include "${HELPER.tempoServiceName}" . }} 3200:3200 &
   curl -s http://localhost:3200/api/v2/traces/<trace id>
{{- else }}

2. Tempo is not installed by this release (tempo.enabled=false); the services export to
   {{ include "${HELPER.otlpEndpoint}" . }}
{{- end }}

{{- if ${valuesPath(v.grafanaDatasource.enabled)} }}

3. Grafana: the ConfigMap ${GRAFANA_DATASOURCE_CONFIGMAP} (label {{ ${valuesPath(v.grafanaDatasource.label.key)} }}={{ ${valuesPath(v.grafanaDatasource.label.value)} }})
   provisions the datasource "{{ ${valuesPath(v.grafanaDatasource.name)} }}" (uid {{ ${valuesPath(v.grafanaDatasource.uid)} }}) for a Grafana whose
   datasource sidecar watches that label in this namespace. In Explore, choose it and search by trace id.
{{- end }}

{{- if ${valuesPath(v.grafana.enabled)} }}

4. Grafana is installed by this release:

   kubectl -n {{ .Release.Namespace }} port-forward svc/{{ ${valuesPath(v.grafana.fullnameOverride)} | default (printf "%s-grafana" .Release.Name) }} 3000:80 &
   kubectl -n {{ .Release.Namespace }} get secret {{ ${valuesPath(v.grafana.fullnameOverride)} | default (printf "%s-grafana" .Release.Name) }} -o jsonpath='{.data.admin-password}' | base64 -d; echo
   open http://localhost:3000 (user admin), Explore, datasource "{{ ${valuesPath(v.grafanaDatasource.name)} }}"
{{- end }}

{{- if and ${valuesPath(v.traceCheck.helmTest.enabled)} ${valuesPath(v.logService.enabled)} ${valuesPath(v.echoService.enabled)} }}

Check the whole path by machine (prints the trace as a waterfall):

   helm test {{ .Release.Name }} -n {{ .Release.Namespace }} --logs
{{- end }}
`;
}
