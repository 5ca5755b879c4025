import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { GRAFANA_DEPENDENCY, PROMETHEUS_DEPENDENCY, TEMPO_DEPENDENCY, type ChartDependency } from '../values/dependencies';
import { valueRefs, valuesPath } from '../values/value-refs';

/**
 * The recommended labels (app.kubernetes.io/*, helm.sh/chart), defined once: every object of the chart takes its
 * labels and selectors from these templates (constructs/component-labels.ts), and so do the selectors of the
 * dependency charts' pods.
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

/**
 * The selector labels a dependency chart gives its pods, `<chart>.name` (nameOverride, else the chart's name) and the
 * release: the NetworkPolicies select those pods by them. They repeat each chart's rule, as _names.tpl repeats its
 * naming; the chart tests check them against the real charts' pods.
 */
function dependencyPodLabels(dependency: ChartDependency, nameOverride: string, extra = ''): string {
  return `{{- $name := ${nameOverride} | default "${dependency.name}" | trunc 63 | trimSuffix "-" -}}
{{- toYaml (dict "app.kubernetes.io/name" $name "app.kubernetes.io/instance" .Release.Name${extra}) -}}`;
}

/** The Tempo pod's selector labels. */
export const tempoPodLabels: NamedTemplate = {
  name: 'lab.tempoPodLabels',
  args: '. | fromYaml',
  description: `The selector labels of the Tempo pod (${TEMPO_DEPENDENCY.name} chart, "tempo.selectorLabels"), as YAML.`,
  body: dependencyPodLabels(TEMPO_DEPENDENCY, valuesPath(valueRefs.tempo.nameOverride)),
};

/** The Grafana pods' selector labels. */
export const grafanaPodLabels: NamedTemplate = {
  name: 'lab.grafanaPodLabels',
  args: '. | fromYaml',
  description: `The selector labels of the Grafana pods (${GRAFANA_DEPENDENCY.name} chart, "grafana.selectorLabels"), as YAML.`,
  body: dependencyPodLabels(GRAFANA_DEPENDENCY, valuesPath(valueRefs.grafana.nameOverride)),
};

/** The Prometheus server pod's selector labels. */
export const prometheusServerPodLabels: NamedTemplate = {
  name: 'lab.prometheusServerPodLabels',
  args: '. | fromYaml',
  description: `The selector labels of the Prometheus server pod (${PROMETHEUS_DEPENDENCY.name} chart, "prometheus.server.matchLabels": its name,
the release and the server's component name), as YAML.`,
  body: dependencyPodLabels(
    PROMETHEUS_DEPENDENCY,
    `(dig "nameOverride" "" ${valuesPath(valueRefs.prometheus)})`,
    ` "app.kubernetes.io/component" (dig "name" "server" ${valuesPath(valueRefs.prometheus.server)})`,
  ),
};

/** templates/_labels.tpl */
export const LABELS_TPL: NamedTemplateFile = { file: '_labels.tpl', templates: [selectorLabels, labels, tempoPodLabels, grafanaPodLabels, prometheusServerPodLabels] };
