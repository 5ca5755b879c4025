import { TRACE_CHECK_FLAGS } from '@tracing-lab/contract';
import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { valueRefs, valuesPath } from '../values/value-refs';
import { prometheusQueryUrl } from './urls';

/** The trace check's arguments that depend on more than one value (constructs/trace-check.ts). */

const serviceGraph = valueRefs.serviceGraph;

/** The trace check's service-graph arguments. */
export const traceCheckServiceGraphArgs: NamedTemplate = {
  name: 'lab.traceCheckServiceGraphArgs',
  args: '. | fromYamlArray',
  description: "The trace check's service-graph step: its flag and Prometheus's URL with serviceGraph, else none (a YAML list).",
  body: `{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- toYaml (list "${TRACE_CHECK_FLAGS.prometheusUrl}" (include "${prometheusQueryUrl.name}" .)) -}}
{{- else -}}
[]
{{- end -}}`,
};

/** templates/_trace-check.tpl */
export const TRACE_CHECK_TPL: NamedTemplateFile = { file: '_trace-check.tpl', templates: [traceCheckServiceGraphArgs] };
