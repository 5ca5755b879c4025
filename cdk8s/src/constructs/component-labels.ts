import type { ApiObject } from 'cdk8s';
import { JsonPatch } from 'cdk8s';
import { labels, selectorLabels } from '../templates/labels';
import { helmBlock } from '../templating/markers';
import { addTemplatePatch } from '../templating/template-patches';

/**
 * The labels of one component of the chart, written by the named templates `lab.labels` and
 * `lab.selectorLabels` (templates/_labels.tpl), so the recommended labels have one definition.
 */
export interface Component {
  /** `app.kubernetes.io/name`, e.g. `log-service`. */
  readonly name: string;
  /** `app.kubernetes.io/component`, e.g. `service`. */
  readonly component: string;
  /** A template expression for a map of labels chosen in values, added to the standard ones (which win). */
  readonly extraLabels?: string;
}

/** All recommended labels of the component, as a YAML block. */
function labelsBlock({ name, component, extraLabels }: Component): string {
  const extra = extraLabels ? ` "extra" ${extraLabels}` : '';
  return helmBlock(`include "${labels.name}" (dict "context" . "name" ${JSON.stringify(name)} "component" ${JSON.stringify(component)}${extra})`);
}

/** What a Deployment and its Service select on: `app.kubernetes.io/name` + `app.kubernetes.io/instance`. */
export function selectorLabelsBlock({ name }: Pick<Component, 'name'>): string {
  return helmBlock(`include "${selectorLabels.name}" (dict "context" . "name" ${JSON.stringify(name)})`);
}

/**
 * Labels `object` (and its pod template, at `podTemplate` such as `/spec/template`) with the component's labels,
 * replacing whatever cdk8s put there: cdk8s-plus labels pods with its own `cdk8s.io/metadata.addr`, a hash of
 * construct ids that has no place in a chart people read.
 */
export function labelComponent(object: ApiObject, component: Component, podTemplate?: string): void {
  addTemplatePatch(object, JsonPatch.add('/metadata/labels', labelsBlock(component)));
  if (podTemplate !== undefined) addTemplatePatch(object, JsonPatch.add(`${podTemplate}/metadata/labels`, labelsBlock(component)));
}
