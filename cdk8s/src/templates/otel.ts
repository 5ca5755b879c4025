import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { valueRefs, valuesPath } from '../values/value-refs';

/** The services' OpenTelemetry variables that are more than one value. */

const otel = valueRefs.otel;

/** The Kubernetes resource attributes every service reports, from the Downward API variables of its container. */
const KUBERNETES_RESOURCE_ATTRIBUTES = 'k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)';

/** OTEL_RESOURCE_ATTRIBUTES of the services. */
export const otelResourceAttributes: NamedTemplate = {
  name: 'lab.otelResourceAttributes',
  args: '.',
  description: 'OTEL_RESOURCE_ATTRIBUTES: the Kubernetes attributes, then otel.resourceAttributes sorted by key.',
  body: `{{- $attributes := list ${JSON.stringify(KUBERNETES_RESOURCE_ATTRIBUTES)} -}}
{{- range $key, $value := ${valuesPath(otel.resourceAttributes)} -}}
{{- $attributes = append $attributes (printf "%s=%s" $key $value) -}}
{{- end -}}
{{- join "," $attributes -}}`,
};

/** templates/_otel.tpl */
export const OTEL_TPL: NamedTemplateFile = { file: '_otel.tpl', templates: [otelResourceAttributes] };
