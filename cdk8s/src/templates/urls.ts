import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { REMOTE_WRITE_PATH } from '../values/service-graph';
import { valueRefs, valuesPath } from '../values/value-refs';
import { prometheusServiceName, tempoServiceName } from './names';

/** The addresses of Tempo and Prometheus: each one a value, or else derived from the dependency's Service name. */

const otel = valueRefs.otel;
const ds = valueRefs.grafanaDatasource;
const serviceGraph = valueRefs.serviceGraph;
const prometheus = valueRefs.prometheus;

/** OTEL_EXPORTER_OTLP_ENDPOINT of the services. */
export const otlpEndpoint: NamedTemplate = {
  name: 'lab.otlpEndpoint',
  args: '.',
  description: "OTLP/gRPC endpoint of the services: otel.endpoint, else this chart's Tempo (insecure gRPC on 4317).",
  body: `{{- ${valuesPath(otel.endpoint)} | default (printf "http://%s.%s.svc.cluster.local:4317" (include "${tempoServiceName.name}" .) .Release.Namespace) -}}`,
};

/** The Tempo datasource's URL. */
export const tempoQueryUrl: NamedTemplate = {
  name: 'lab.tempoQueryUrl',
  args: '.',
  description: "Tempo HTTP API for Grafana: grafanaDatasource.url, else this chart's Tempo on 3200.",
  body: `{{- ${valuesPath(ds.url)} | default (printf "http://%s.%s.svc.cluster.local:3200" (include "${tempoServiceName.name}" .) .Release.Namespace) -}}`,
};

/** The trace check's Tempo URL. */
export const traceCheckTempoUrl: NamedTemplate = {
  name: 'lab.traceCheckTempoUrl',
  args: '.',
  description: "Tempo HTTP API for the trace check: traceCheck.tempoUrl, else this chart's Tempo on 3200.",
  body: `{{- ${valuesPath(valueRefs.traceCheck.tempoUrl)} | default (printf "http://%s.%s.svc.cluster.local:3200" (include "${tempoServiceName.name}" .) .Release.Namespace) -}}`,
};

/** The service graph's Prometheus URL. */
export const prometheusQueryUrl: NamedTemplate = {
  name: 'lab.prometheusQueryUrl',
  args: '.',
  description: "Prometheus's HTTP API for Grafana and the trace check: serviceGraph.prometheus.url, else the bundled one.",
  body: `{{- ${valuesPath(serviceGraph.prometheus.url)} | default (printf "http://%s.%s.svc.cluster.local:%v" (include "${prometheusServiceName.name}" .) .Release.Namespace ${valuesPath(prometheus.server.service.servicePort)}) -}}`,
};

/** Where Tempo's metrics-generator writes to the bundled Prometheus. */
export const bundledRemoteWriteUrl: NamedTemplate = {
  name: 'lab.bundledRemoteWriteUrl',
  args: '.',
  description: `Tempo's remote-write URL for the bundled Prometheus: Service name and port, namespace-relative (Tempo runs in
the release namespace too).`,
  body: `{{- printf "http://%s:%v${REMOTE_WRITE_PATH}" (include "${prometheusServiceName.name}" .) ${valuesPath(prometheus.server.service.servicePort)} -}}`,
};

/** templates/_urls.tpl */
export const URLS_TPL: NamedTemplateFile = { file: '_urls.tpl', templates: [otlpEndpoint, tempoQueryUrl, traceCheckTempoUrl, prometheusQueryUrl, bundledRemoteWriteUrl] };
