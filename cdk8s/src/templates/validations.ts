import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { PROMETHEUS_DEPENDENCY } from '../values/dependencies';
import { MISPLACED_KEYS } from '../values/misplaced-keys';
import { IMPLIED_TEMPO_KEYS, REMOTE_WRITE_PATH, REMOTE_WRITE_RECEIVER_FLAG, SERVICE_GRAPH_PROCESSORS, SERVICE_GRAPH_VALUES_FILE } from '../values/service-graph';
import { valueRefs, valuesKey, valuesPath } from '../values/value-refs';
import { EXTERNAL_ADDRESS_VALUES } from './network-policy';
import { bundledRemoteWriteUrl } from './urls';

/**
 * Checks of values that contradict each other, which the schema cannot express: each renders nothing, or fails the
 * render naming the keys to change.
 */

const tempo = valueRefs.tempo;
const ds = valueRefs.grafanaDatasource;
const serviceGraph = valueRefs.serviceGraph;
const prometheus = valueRefs.prometheus;
const generator = valueRefs.tempo.tempo.metricsGenerator;

/** Grafana's sidecar label against the datasource's. */
export const checkGrafanaSidecarLabel: NamedTemplate = {
  name: 'lab.checkGrafanaSidecarLabel',
  args: '.',
  description: 'With the Grafana dependency on, its sidecar must watch the label our datasource ConfigMap carries.',
  body: `{{- $sidecar := ${valuesPath(valueRefs.grafana.sidecar.datasources)} -}}
{{- if and ${valuesPath(valueRefs.grafana.enabled)} (or (ne $sidecar.label ${valuesPath(ds.label.key)}) (ne (toString $sidecar.labelValue) ${valuesPath(ds.label.value)})) -}}
{{- fail (printf "grafana.sidecar.datasources.label/labelValue (%s=%v) must match grafanaDatasource.label.key/value (%s=%s), or Grafana will not load the Tempo datasource" $sidecar.label $sidecar.labelValue ${valuesPath(ds.label.key)} ${valuesPath(ds.label.value)}) -}}
{{- end -}}`,
};

/** Whether the Prometheus dependency is installed. */
const prometheusInstalled: NamedTemplate = {
  name: 'lab.prometheusInstalled',
  args: '.',
  description: `"true" when Helm installs the Prometheus dependency: its condition ${JSON.stringify(PROMETHEUS_DEPENDENCY.condition)} takes the first path
holding a boolean.`,
  body: `{{- if kindIs "bool" ${valuesPath(prometheus.enabled)} -}}
{{- ${valuesPath(prometheus.enabled)} -}}
{{- else -}}
{{- ${valuesPath(serviceGraph.enabled)} -}}
{{- end -}}`,
};

/** serviceGraph.enabled against the keys it implies. */
export const checkServiceGraph: NamedTemplate = {
  name: 'lab.checkServiceGraph',
  args: '.',
  description: `serviceGraph.enabled and the keys it implies, which Helm cannot set from it (values are merged before any template
runs): ${SERVICE_GRAPH_VALUES_FILE} sets them together. Fails naming every key that contradicts the switch.`,
  body: `{{- $problems := list -}}
{{- $url := ${valuesPath(serviceGraph.prometheus.url)} -}}
{{- $installed := eq (include "${prometheusInstalled.name}" .) "true" -}}
{{- $generatorOn := ${valuesPath(generator.enabled)} -}}
{{- if ${valuesPath(serviceGraph.enabled)} -}}
{{- if ${valuesPath(tempo.enabled)} -}}
{{- if not $generatorOn -}}
{{- $problems = append $problems (printf "${IMPLIED_TEMPO_KEYS.generatorEnabled} is %v, must be true" $generatorOn) -}}
{{- end -}}
{{- $wanted := ternary (printf "%s${REMOTE_WRITE_PATH}" (trimSuffix "/" $url)) (include "${bundledRemoteWriteUrl.name}" .) (ne $url "") -}}
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
{{- end -}}`,
};

/** networkPolicy.enabled against addresses outside the release. */
export const checkNetworkPolicyEgress: NamedTemplate = {
  name: 'lab.checkNetworkPolicyEgress',
  args: '.',
  description: `With networkPolicy.enabled the lab's pods reach only the pods of this release and DNS: an address value naming
something else (${EXTERNAL_ADDRESS_VALUES.map(valuesKey).join(', ')}) needs an egress rule in networkPolicy.extraEgress.
Fails naming each such value while extraEgress is empty.`,
  body: `{{- if and ${valuesPath(valueRefs.networkPolicy.enabled)} (not ${valuesPath(valueRefs.networkPolicy.extraEgress)}) -}}
{{- $outside := list -}}
${EXTERNAL_ADDRESS_VALUES.map((ref) => `{{- with ${valuesPath(ref)} -}}{{- $outside = append $outside (printf "${valuesKey(ref)} (%s)" .) -}}{{- end -}}`).join('\n')}
{{- with $outside -}}
{{- fail (printf "networkPolicy.enabled lets the lab's pods reach only this release's pods and DNS, and these values point elsewhere: %s. Add an egress rule for each to networkPolicy.extraEgress (docs/chart.md, NetworkPolicies)" (join ", " .)) -}}
{{- end -}}
{{- end -}}`,
};

/** `hasKey` of a key path under .Values, as a template condition: each parent looked up with dig (absent: empty). */
function hasKeyPath(path: readonly [string, ...string[]]): string {
  const [section, ...rest] = path;
  const key = rest.pop();
  if (key === undefined) return `hasKey .Values ${JSON.stringify(section)}`;
  const parent = rest.length === 0 ? `(.Values.${section} | default dict)` : `(dig ${rest.map((part) => JSON.stringify(part)).join(' ')} dict (.Values.${section} | default dict))`;
  return `(hasKey ${parent} ${JSON.stringify(key)})`;
}

/** Keys the dependency charts never read (misplaced-keys.ts), each refused with where it belongs. */
export const checkMisplacedKeys: NamedTemplate = {
  name: 'lab.checkMisplacedKeys',
  args: '.',
  description: `Keys put where the Tempo or Grafana chart never reads them, which Helm would pass on silently (a receiver or a
switch that has no effect). Fails naming each with the path it belongs at.`,
  body: `{{- $problems := list -}}
${MISPLACED_KEYS.map(({ path, belongsAt }) => `{{- if ${hasKeyPath(path)} -}}{{- $problems = append $problems "${path.join('.')} is not read by the chart below, so it would have no effect: write ${belongsAt}" -}}{{- end -}}`).join('\n')}
{{- with $problems -}}
{{- fail (printf "these values are in the wrong place:\\n  - %s" (join "\\n  - " .)) -}}
{{- end -}}`,
};

/** templates/_validations.tpl */
export const VALIDATIONS_TPL: NamedTemplateFile = {
  file: '_validations.tpl',
  templates: [checkGrafanaSidecarLabel, prometheusInstalled, checkServiceGraph, checkNetworkPolicyEgress, checkMisplacedKeys],
};
