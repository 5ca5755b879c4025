/**
 * Helm template actions inside cdk8s objects.
 *
 * cdk8s produces plain JSON, and YAML serialisers quote any string that starts with `{{`, which is wrong for
 * integers, booleans and whole YAML blocks. Constructs therefore put *markers* (strings with a private prefix) where
 * a template action belongs, and the template serialiser (`template-yaml.ts`) emits each marker as raw template text:
 *
 * - inline: a scalar position, emitted as `{{ action }}`. The action must itself produce valid YAML (use `toJson`).
 * - block: a mapping value, emitted as `{{- pipeline | nindent N }}` at the right indentation. The pipeline must
 *   produce YAML (`toYaml .Values.resources`, or a named template such as `include "lab.labels" …`).
 * - text: a mapping value holding a multi-line string (an embedded file), emitted as a YAML block scalar
 *   `|` followed by `{{- pipeline | nindent N }}`, so the file reads as itself in `helm template` output.
 * - splice: a sequence item, replaced by the items of a list value (`{{- with expr }}{{- toYaml . | nindent N }}…`).
 *
 * Strings that merely contain an action (such as `http://tempo.{{ .Release.Namespace }}.svc:4317`) are ordinary
 * strings: they are quoted as strings and Helm fills them in.
 */

const MARKER_PREFIX = '@@lab.helm/';

export type MarkerKind = 'inline' | 'block' | 'text' | 'splice';

export interface Marker {
  readonly kind: MarkerKind;
  /** The template action (inline), the pipeline whose output is inserted (block, text), or the list (splice). */
  readonly text: string;
}

function marker(kind: MarkerKind, text: string): string {
  if (text.trim() === '' || text.includes('{{') || text.includes('}}')) {
    throw new Error(`a Helm ${kind} marker takes a bare template expression, got ${JSON.stringify(text)}`);
  }
  return `${MARKER_PREFIX}${kind} ${text.trim()}`;
}

/** A scalar produced by a template action, emitted unquoted: `helmInline('toJson .Values.a')` → `{{ toJson .Values.a }}`. */
export function helmInline(action: string): string {
  return marker('inline', action);
}

/** A mapping value replaced by the YAML that `pipeline` prints (e.g. `toYaml .Values.resources`). */
export function helmBlock(pipeline: string): string {
  return marker('block', pipeline);
}

/** A mapping value holding the multi-line text that `pipeline` prints, as a YAML block scalar. */
export function helmText(pipeline: string): string {
  return marker('text', pipeline);
}

/** A sequence item replaced by the items of the list `expr` (nothing when it is empty). */
export function helmSplice(expr: string): string {
  return marker('splice', expr);
}

/** The marker a string holds, or undefined for an ordinary string. */
export function parseMarker(value: string): Marker | undefined {
  if (!value.startsWith(MARKER_PREFIX)) return undefined;
  const rest = value.slice(MARKER_PREFIX.length);
  const space = rest.indexOf(' ');
  const kind = rest.slice(0, space);
  if (kind !== 'inline' && kind !== 'block' && kind !== 'text' && kind !== 'splice') {
    throw new Error(`unknown Helm marker kind ${JSON.stringify(kind)} in ${JSON.stringify(value)}`);
  }
  return { kind, text: rest.slice(space + 1) };
}

/** True when a marker prefix occurs inside a longer string, where it cannot be emitted. */
export function containsEmbeddedMarker(value: string): boolean {
  return value.indexOf(MARKER_PREFIX) > 0;
}
