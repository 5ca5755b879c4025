import { helmSplice } from '../helm/markers';
import { MEMORY_UNITS } from '../values/memory-quantity';
import { valuesPath, type ValueRef } from '../values/value-refs';

/**
 * The services' V8 heap budget, derived from the container's memory limit and rendered as NODE_OPTIONS.
 *
 * Without it V8 sizes its heap from the machine (or the cgroup) and, under load, lets the young generation grow to
 * 2 × 64 MiB and the old generation fill with garbage: far more than the live set (docs/benchmarks.md, findings).
 * The budget keeps the whole process within LIMIT_SHARE of the limit even with the heap full:
 *
 *   heap = LIMIT_SHARE × limit − RESERVED_MIB                 (what is left for V8's heap)
 *   --max-semi-space-size = SEMI_SPACE_MIB                   (the young generation takes 3 × this)
 *   --max-old-space-size  = heap − 3 × SEMI_SPACE_MIB
 *
 * The constants are benchmark-justified (docs/benchmarks.md): RESERVED_MIB covers what a service holds outside
 * the heap under load, SEMI_SPACE_MIB is the young generation below which GC time grows (8 MiB doubled the GC
 * share), and MIN_LIMIT_MIB leaves the old generation at least twice the services' live set under saturation.
 */
export const HEAP_BUDGET = {
  LIMIT_SHARE: 0.8,
  RESERVED_MIB: 112,
  SEMI_SPACE_MIB: 16,
  MIN_LIMIT_MIB: 320,
} as const;

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
  const { LIMIT_SHARE, RESERVED_MIB, SEMI_SPACE_MIB } = HEAP_BUDGET;
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
{{- $heapMiB := subf (mulf (divf $bytes ${String(MEMORY_UNITS.Mi)}) ${LIMIT_SHARE}) ${RESERVED_MIB} -}}
{{- $oldMiB := int (floor (subf $heapMiB ${3 * SEMI_SPACE_MIB})) -}}
- name: NODE_OPTIONS
  value: {{ printf "--max-old-space-size=%d --max-semi-space-size=%d" $oldMiB ${SEMI_SPACE_MIB} | quote }}
{{- end -}}
{{- end -}}
`;
}

/** The env-list item that splices in the service's NODE_OPTIONS (see heapBudgetTemplate), before extraEnv. */
export function nodeOptionsEnvSplice(serviceValues: ValueRef): string {
  return helmSplice(`(include ${JSON.stringify(HELPER)} ${valuesPath(serviceValues)} | fromYamlArray)`);
}
