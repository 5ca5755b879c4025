import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { valueRefs, valuesPath, type ValueRef } from '../values/value-refs';
import { grafanaPodLabels } from './labels';

/**
 * What the lab's NetworkPolicies (constructs/network-policies.ts) decide when the chart renders: the peers and rules
 * that depend on values. The dependency charts' pod labels they select on are in _labels.tpl.
 */

const networkPolicy = valueRefs.networkPolicy;

/** Every pod of the release namespace, when networkPolicy.allowNamespace. */
export const namespacePeers: NamedTemplate = {
  name: 'lab.namespacePeers',
  args: '. | fromYamlArray',
  description: 'Every pod of the release namespace as a NetworkPolicyPeer when networkPolicy.allowNamespace, else none (a YAML list).',
  body: `{{- if ${valuesPath(networkPolicy.allowNamespace)} -}}
{{- toYaml (list (dict "podSelector" (dict))) -}}
{{- else -}}
[]
{{- end -}}`,
};

/** The Grafana pods, when this chart installs Grafana. */
export const grafanaPeers: NamedTemplate = {
  name: 'lab.grafanaPeers',
  args: '. | fromYamlArray',
  description: "The Grafana pods of this release as a NetworkPolicyPeer when grafana.enabled, else none (a YAML list).",
  body: `{{- if ${valuesPath(valueRefs.grafana.enabled)} -}}
{{- toYaml (list (dict "podSelector" (dict "matchLabels" (include "${grafanaPodLabels.name}" . | fromYaml)))) -}}
{{- else -}}
[]
{{- end -}}`,
};

/** One egress rule to the pods of a dependency, when the lab talks to that dependency. */
export const egressToPods: NamedTemplate = {
  name: 'lab.egressToPods',
  args: '(dict "when" <bool> "pods" <selector labels> "port" <pod port>) | fromYamlArray',
  description: 'An egress rule to the pods selected by "pods" on TCP "port" when "when" holds, else none (a YAML list).',
  body: `{{- if .when -}}
{{- toYaml (list (dict "to" (list (dict "podSelector" (dict "matchLabels" .pods))) "ports" (list (dict "port" (int .port) "protocol" "TCP")))) -}}
{{- else -}}
[]
{{- end -}}`,
};

/** The splice argument of egressToPods: `(include "lab.egressToPods" (dict …) | fromYamlArray)`. */
export function egressToPodsCall(when: string, podLabels: NamedTemplate, port: number): string {
  return `(include "${egressToPods.name}" (dict "when" ${when} "pods" (include "${podLabels.name}" . | fromYaml) "port" ${port}) | fromYamlArray)`;
}

/** The `.Values` paths of the addresses whose target the lab's egress rules cannot know (they name something outside the release). */
export const EXTERNAL_ADDRESS_VALUES: readonly ValueRef[] = [valueRefs.otel.endpoint, valueRefs.traceCheck.tempoUrl, valueRefs.serviceGraph.prometheus.url];

/** templates/_network-policy.tpl */
export const NETWORK_POLICY_TPL: NamedTemplateFile = {
  file: '_network-policy.tpl',
  templates: [namespacePeers, grafanaPeers, egressToPods],
};
