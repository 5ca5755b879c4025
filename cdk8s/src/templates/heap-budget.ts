import { helmSplice } from '../templating/markers';
import type { NamedTemplate, NamedTemplateFile } from '../templating/named-template';
import { HEAP_BUDGET } from '../values/heap-budget';
import { MEMORY_UNITS } from '../values/memory-quantity';
import { valuesPath, type ValueRef } from '../values/value-refs';

/**
 * The services' V8 heap budget (values/heap-budget.ts has the formula and its constants), computed from the
 * container's memory limit when the chart renders, and how a container's env list takes it in.
 */

const units = Object.entries(MEMORY_UNITS)
  .map(([suffix, bytes]) => `${JSON.stringify(suffix)} ${String(bytes)}`)
  .join(' ');
const { RESERVED_MIB, SEMI_SPACE_MIB, OLD_PER_SEMI } = HEAP_BUDGET;
const smallest = SEMI_SPACE_MIB[SEMI_SPACE_MIB.length - 1];

/** A service's NODE_OPTIONS, sized from its memory limit. */
export const nodeOptionsEnv: NamedTemplate = {
  name: 'lab.nodeOptionsEnv',
  args: '.Values.logService | fromYamlArray',
  description: `A service's NODE_OPTIONS variable with a V8 heap budget that fits its memory limit, as a one-item YAML list, or
nothing when the service has no memory limit (V8 keeps its own sizing) or when its extraEnv names NODE_OPTIONS
(the user's wins: a second entry of that name would be refused by server-side apply). Takes the service's values,
whose memory quantity the schema has checked. The bytes are rounded up to a whole number, as Kubernetes applies the
limit (Quantity.Value()).`,
  body: `{{- $memory := dig "limits" "memory" "" (.resources | default dict) -}}
{{- $userSetsIt := false -}}
{{- range .extraEnv -}}
{{- if eq .name "NODE_OPTIONS" -}}{{- $userSetsIt = true -}}{{- end -}}
{{- end -}}
{{- if and (ne (toString $memory) "") (not $userSetsIt) -}}
{{- $bytes := 0.0 -}}
{{- if kindIs "string" $memory -}}
{{- $number := regexFind \`^[0-9]+(\\.[0-9]+)?\` $memory -}}
{{- $bytes = mulf $number (get (dict ${units} "" 1) (trimPrefix $number $memory)) -}}
{{- else -}}
{{- $bytes = float64 $memory -}}
{{- end -}}
{{- $bytes = ceil $bytes -}}
{{- $heapMiB := subf (divf $bytes ${String(MEMORY_UNITS.Mi)}) ${RESERVED_MIB} -}}
{{- $semiMiB := 0 -}}
{{- range $candidate := list ${SEMI_SPACE_MIB.join(' ')} -}}
{{- if and (eq $semiMiB 0) (or (eq $candidate ${smallest}) (ge (subf $heapMiB (mulf 3 $candidate)) (mulf ${OLD_PER_SEMI} $candidate))) -}}
{{- $semiMiB = $candidate -}}
{{- end -}}
{{- end -}}
{{- $oldMiB := int (floor (subf $heapMiB (mulf 3 $semiMiB))) -}}
- name: NODE_OPTIONS
  value: {{ printf "--max-old-space-size=%d --max-semi-space-size=%d" $oldMiB $semiMiB | quote }}
{{- end -}}`,
};

/** templates/_heap-budget.tpl */
export const HEAP_BUDGET_TPL: NamedTemplateFile = { file: '_heap-budget.tpl', templates: [nodeOptionsEnv] };

/** The env-list item that splices in the service's NODE_OPTIONS (nothing when nodeOptionsEnv renders none). */
export function nodeOptionsEnvSplice(serviceValues: ValueRef): string {
  return helmSplice(`(include ${JSON.stringify(nodeOptionsEnv.name)} ${valuesPath(serviceValues)} | fromYamlArray)`);
}
