import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';

/**
 * The recommended labels (app.kubernetes.io/*, helm.sh/chart), defined once: every object of the chart takes its
 * labels and selectors from these templates (constructs/component-labels.ts).
 */

/** `app.kubernetes.io/part-of` of every object. */
const PART_OF = 'tracing-lab';

/** A component's selector labels, as YAML. */
export const selectorLabels: NamedTemplate = {
  name: 'lab.selectorLabels',
  args: '(dict "context" $ "name" <app.kubernetes.io/name>)',
  description: "What a component's Deployment and Service select on (immutable once installed): its name and the release.",
  body: `{{- toYaml (dict "app.kubernetes.io/name" .name "app.kubernetes.io/instance" .context.Release.Name) -}}`,
};

/** A component's labels, as YAML. */
export const labels: NamedTemplate = {
  name: 'lab.labels',
  args: '(dict "context" $ "name" <name> "component" <app.kubernetes.io/component> ["extra" <map>])',
  description: `The recommended labels of a component: its selector labels, version, component, part-of, managed-by and chart.
Labels in "extra" (chosen in values) are added, and the standard ones win a clash.`,
  body: `{{- $labels := include "${selectorLabels.name}" . | fromYaml -}}
{{- $_ := set $labels "app.kubernetes.io/version" .context.Chart.AppVersion -}}
{{- $_ := set $labels "app.kubernetes.io/component" .component -}}
{{- $_ := set $labels "app.kubernetes.io/part-of" ${JSON.stringify(PART_OF)} -}}
{{- $_ := set $labels "app.kubernetes.io/managed-by" .context.Release.Service -}}
{{- $_ := set $labels "helm.sh/chart" (printf "%s-%s" .context.Chart.Name .context.Chart.Version | replace "+" "_") -}}
{{- toYaml (merge $labels (default (dict) .extra)) -}}`,
};

/** templates/_labels.tpl */
export const LABELS_TPL: NamedTemplateFile = { file: '_labels.tpl', templates: [selectorLabels, labels] };
