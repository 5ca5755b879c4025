import { ECHO_SERVICE, LOG_SERVICE, ROUTES, SERVICE_PORT, TRACE_ID_HEADER } from '@tracing-lab/contract';
import { grafanaAdminSecretName, grafanaServiceName, tempoServiceName } from '../templates/names';
import { otlpEndpoint, prometheusQueryUrl } from '../templates/urls';
import { valueRefs, valuesPath } from '../values/value-refs';
import { GENERATED_BY } from './generated-header';

/** The TraceQL query that finds log-service's traces, as Grafana's TraceQL editor takes it. */
const LOG_SERVICE_TRACEQL = `{ resource.service.name = "${LOG_SERVICE}" }`;

/**
 * templates/NOTES.txt: what Helm prints after install, for the release's namespace: how to reach the lab, a
 * request to send, and how to open its trace (Grafana Explore, Tempo's API), then the machine check.
 */
export function notesTxt(): string {
  const v = valueRefs;
  const ns = '{{ .Release.Namespace }}';
  const grafanaService = `{{ include "${grafanaServiceName.name}" . }}`;
  const tempoService = `{{ include "${tempoServiceName.name}" . }}`;
  const grafanaAdminSecret = `{{ include "${grafanaAdminSecretName.name}" . }}`;
  const userKey = `{{ ${valuesPath(v.grafana.admin.userKey)} }}`;
  const passwordKey = `{{ ${valuesPath(v.grafana.admin.passwordKey)} }}`;
  const datasource = `"{{ ${valuesPath(v.grafanaDatasource.name)} }}"`;
  return `{{- /* ${GENERATED_BY} */ -}}
tracing-lab {{ .Chart.Version }} is installed as release {{ .Release.Name }} in namespace ${ns}.

1. Reach the lab from your machine (each port-forward runs until Ctrl-C; here in the background):
{{- if ${valuesPath(v.logService.enabled)} }}
   kubectl -n ${ns} port-forward svc/${LOG_SERVICE} ${SERVICE_PORT}:${SERVICE_PORT} &
{{- end }}
{{- if ${valuesPath(v.tempo.enabled)} }}
   kubectl -n ${ns} port-forward svc/${tempoService} 3200:3200 &
{{- end }}
{{- if ${valuesPath(v.grafana.enabled)} }}
   kubectl -n ${ns} port-forward svc/${grafanaService} 3000:80 &
{{- end }}
{{- if ${valuesPath(v.logService.enabled)} }}

2. Send a request; the answer names its trace in the ${TRACE_ID_HEADER} header:
   curl -si http://localhost:${SERVICE_PORT}${ROUTES.info} | grep -i '^${TRACE_ID_HEADER}'
{{- end }}

3. Open its trace (${ECHO_SERVICE}'s span is nested under ${LOG_SERVICE}'s: the waterfall):
{{- if ${valuesPath(v.grafana.enabled)} }}
   Grafana: http://localhost:3000 (user and password:
     kubectl -n ${ns} get secret ${grafanaAdminSecret} -o jsonpath='{.data.${userKey}}' | base64 -d; echo
     kubectl -n ${ns} get secret ${grafanaAdminSecret} -o jsonpath='{.data.${passwordKey}}' | base64 -d; echo)
{{- end }}
{{- if ${valuesPath(v.grafanaDatasource.enabled)} }}
   In Grafana, Explore > data source ${datasource} (provisioned by the ConfigMap tempo-grafana-datasource for a
   Grafana whose datasource sidecar watches {{ ${valuesPath(v.grafanaDatasource.label.key)} }}={{ ${valuesPath(v.grafanaDatasource.label.value)} }}), then either
     - paste the trace id into the TraceQL query and run it, or
     - Search: Service Name = ${LOG_SERVICE}, or the TraceQL query ${LOG_SERVICE_TRACEQL}
{{- end }}
{{- if ${valuesPath(v.tempo.enabled)} }}
   Tempo's API: curl -s http://localhost:3200/api/v2/traces/<trace id>
{{- else }}
   Tempo is not installed by this release (tempo.enabled=false); the services export to
   {{ include "${otlpEndpoint.name}" . }}
{{- end }}

{{- if and ${valuesPath(v.traceCheck.helmTest.enabled)} ${valuesPath(v.logService.enabled)} ${valuesPath(v.echoService.enabled)} }}

4. Check the whole path by machine (sends a request, prints its trace as a waterfall):
   helm test {{ .Release.Name }} -n ${ns} --logs
{{- end }}
{{- if ${valuesPath(v.serviceGraph.enabled)} }}

Service graph (serviceGraph.enabled): Tempo's metrics-generator writes the calls between services to the
Prometheus at {{ include "${prometheusQueryUrl.name}" . }}.
   In Grafana, Explore > data source ${datasource} > query type Service Graph: ${LOG_SERVICE} -> ${ECHO_SERVICE} with
   request rate, errors and latency (Prometheus datasource uid "{{ ${valuesPath(v.serviceGraph.prometheus.datasourceUid)} }}"). The edge appears
   about a minute after the first requests; helm test also reports it (or that it is not there yet).
{{- end }}
`;
}
