import { helmSplice } from '../templating/markers';
import { HEAP_BUDGET } from '../values/heap-budget';
import { MEMORY_UNITS } from '../values/memory-quantity';
import { valuesPath, type ValueRef } from '../values/value-refs';

const HELPER = 'lab.nodeOptionsEnv';

/**
 * The named template that renders a service's NODE_OPTIONS variable as a one-item YAML list, or nothing: nothing
 * when the service has no memory limit (V8 keeps its own sizing) or when its extraEnv names NODE_OPTIONS itself
 * (the user's wins, and a second entry of the same name would be refused by server-side apply).
 * Called with the service's values; the schema has checked the quantity's form (memory-quantity.ts).
 */
export function heapBudgetTemplate(): string {
  const units = Object.entries(MEMORY_UNITS)
    .map(([suffix, bytes]) => `${JSON.stringify(suffix)} ${String(bytes)}`)
    .join(' ');
  const { RESERVED_MIB, SEMI_SPACE_MIB, OLD_PER_SEMI } = HEAP_BUDGET;
  const smallest = SEMI_SPACE_MIB[SEMI_SPACE_MIB.length - 1];
  return `{{/* NODE_OPTIONS with a V8 heap budget that fits the memory limit (cdk8s/src/constructs/heap-budget.ts). */}}
{{- define "${HELPER}" -}}
{{- $memory := dig "limits" "memory" "" (.resources | default dict) -}}
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
{{- end -}}
{{- end -}}
`;
}

/** The env-list item that splices in the service's NODE_OPTIONS (see heapBudgetTemplate), before extraEnv. */
export function nodeOptionsEnvSplice(serviceValues: ValueRef): string {
  return helmSplice(`(include ${JSON.stringify(HELPER)} ${valuesPath(serviceValues)} | fromYamlArray)`);
}
