import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { valueRefs, valuesPath } from '../values/value-refs';
import { prometheusQueryUrl } from './urls';

/** The trace check's arguments that depend on more than one value (constructs/trace-check.ts). */

const serviceGraph = valueRefs.serviceGraph;

/** The trace-check flag that turns its service-graph step on (services/log-service/src/trace-check/options.ts). */
const PROMETHEUS_URL_FLAG = '--prometheus-url';

/** The trace check's service-graph arguments. */
export const traceCheckServiceGraphArgs: NamedTemplate = {
  name: 'lab.traceCheckServiceGraphArgs',
  args: '. | fromYamlArray',
  description: "The trace check's service-graph step: its flag and Prometheus's URL with serviceGraph, else none (a YAML list).",
  body: `{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- toYaml (list "${PROMETHEUS_URL_FLAG}" (include "${prometheusQueryUrl.name}" .)) -}}
{{- else -}}
[]
{{- end -}}`,
};

/** templates/_trace-check.tpl */
export const TRACE_CHECK_TPL: NamedTemplateFile = { file: '_trace-check.tpl', templates: [traceCheckServiceGraphArgs] };
