import { helmInline } from '../helm/markers';
import { PART_OF, type ChartIdentity } from './chart-identity';

/** A label value: a literal, or a template pipeline producing a string (e.g. `.Release.Name`). */
export type LabelValue = { readonly literal: string } | { readonly pipeline: string };

/** The recommended labels (app.kubernetes.io/*, helm.sh/chart) for one component of the chart. */
export function standardLabelValues(chart: ChartIdentity, name: string, component: string): Record<string, LabelValue> {
  return {
    'app.kubernetes.io/name': { literal: name },
    'app.kubernetes.io/instance': { pipeline: '.Release.Name' },
    'app.kubernetes.io/version': { literal: chart.appVersion },
    'app.kubernetes.io/component': { literal: component },
    'app.kubernetes.io/part-of': { literal: PART_OF },
    'app.kubernetes.io/managed-by': { pipeline: '.Release.Service' },
    'helm.sh/chart': { literal: `${chart.name}-${chart.version}` },
  };
}

/** Labels as metadata strings (template values as inline markers). */
export function standardLabels(chart: ChartIdentity, name: string, component: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(standardLabelValues(chart, name, component)).map(([key, value]) => [
      key,
      'literal' in value ? value.literal : helmInline(`toJson ${value.pipeline}`),
    ]),
  );
}

/** Labels as a template `dict` expression, for label maps that also hold keys chosen in values. */
export function labelsDict(labels: Record<string, LabelValue>): string {
  const entries = Object.entries(labels).map(([key, value]) => `${JSON.stringify(key)} ${'literal' in value ? JSON.stringify(value.literal) : value.pipeline}`);
  return `(dict ${entries.join(' ')})`;
}
