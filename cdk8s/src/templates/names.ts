import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { GRAFANA_DEPENDENCY, PROMETHEUS_DEPENDENCY, TEMPO_DEPENDENCY } from '../values/dependencies';
import { valueRefs, valuesPath } from '../values/value-refs';

/**
 * The names of the dependency charts' Services, by the rules those charts use: the chart only refers to them, so
 * these templates repeat each chart's naming (the chart tests check them against the real charts).
 */

const tempo = valueRefs.tempo;
const prometheus = valueRefs.prometheus;

/** The fullname rule the dependency charts share. */
const dependencyFullname: NamedTemplate = {
  name: 'lab.dependencyFullname',
  args: '(dict "context" $ "chart" <chart name> "values" <its values>)',
  description: `The name a dependency chart gives its Service (its "fullname"), by the rule the Tempo and Grafana charts share:
fullnameOverride, else the release name if it contains the chart's name (nameOverride, else the chart's own
name), else <release>-<name>.`,
  body: `{{- if .values.fullnameOverride -}}
{{- .values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := .values.nameOverride | default .chart -}}
{{- if contains $name .context.Release.Name -}}
{{- .context.Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .context.Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}`,
};

/** The Tempo Service. */
export const tempoServiceName: NamedTemplate = {
  name: 'lab.tempoServiceName',
  args: '.',
  description: `The Tempo Service (${TEMPO_DEPENDENCY.name} chart).`,
  body: `{{- include "${dependencyFullname.name}" (dict "context" . "chart" "${TEMPO_DEPENDENCY.name}" "values" (dict "fullnameOverride" ${valuesPath(tempo.fullnameOverride)} "nameOverride" ${valuesPath(tempo.nameOverride)})) -}}`,
};

/** The Grafana Service. */
export const grafanaServiceName: NamedTemplate = {
  name: 'lab.grafanaServiceName',
  args: '.',
  description: `The Grafana Service (${GRAFANA_DEPENDENCY.name} chart), which is also the name of its admin Secret.`,
  body: `{{- include "${dependencyFullname.name}" (dict "context" . "chart" "${GRAFANA_DEPENDENCY.name}" "values" (dict "fullnameOverride" ${valuesPath(valueRefs.grafana.fullnameOverride)} "nameOverride" ${valuesPath(valueRefs.grafana.nameOverride)})) -}}`,
};

/** The Secret holding Grafana's admin password. */
export const grafanaAdminSecretName: NamedTemplate = {
  name: 'lab.grafanaAdminSecretName',
  args: '.',
  description: `The Secret Grafana takes its admin user and password from: grafana.admin.existingSecret (templated, as the Grafana
chart reads it), else the one the Grafana chart generates, named as its Service.`,
  body: `{{- tpl ${valuesPath(valueRefs.grafana.admin.existingSecret)} . | default (include "${grafanaServiceName.name}" .) -}}`,
};

/** The Prometheus server Service. */
export const prometheusServiceName: NamedTemplate = {
  name: 'lab.prometheusServiceName',
  args: '.',
  description: `The Prometheus server Service (${PROMETHEUS_DEPENDENCY.name} chart), by that chart's rule for its server:
server.fullnameOverride, else the chart's fullname without override (${dependencyFullname.name}) followed by -<server.name>.`,
  body: `{{- $server := ${valuesPath(prometheus.server)} -}}
{{- if $server.fullnameOverride -}}
{{- $server.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $chart := include "${dependencyFullname.name}" (dict "context" . "chart" "${PROMETHEUS_DEPENDENCY.name}" "values" (dict "nameOverride" (dig "nameOverride" "" ${valuesPath(prometheus)}))) -}}
{{- printf "%s-%s" $chart (dig "name" "server" $server) | trunc 63 | trimSuffix "-" -}}
{{- end -}}`,
};

/** templates/_names.tpl */
export const NAMES_TPL: NamedTemplateFile = { file: '_names.tpl', templates: [dependencyFullname, tempoServiceName, grafanaServiceName, grafanaAdminSecretName, prometheusServiceName] };
