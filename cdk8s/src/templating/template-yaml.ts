import { stringify, type ScalarTag } from 'yaml';
import { containsEmbeddedMarker, parseMarker, type Marker } from './markers';

/**
 * Serialises one cdk8s object (plain JSON) into Helm template text with the `yaml` library, emitting markers
 * (see markers.ts) as raw template actions. Placement is checked before serialising: a block marker must be a
 * mapping value, a splice marker a sequence item; anything else is an error naming the JSON path.
 */

class InlineAction {
  constructor(readonly action: string) {}
}
class YamlBlock {
  constructor(readonly pipeline: string) {}
}
class TextBlock {
  constructor(readonly pipeline: string) {}
}
class ListSplice {
  constructor(
    readonly expr: string,
    readonly token: string,
  ) {}
}

const inlineActionTag: ScalarTag = {
  tag: 'tag:tracing-lab,helm:inline',
  default: true,
  identify: (value) => value instanceof InlineAction,
  resolve: () => {
    throw new Error('Helm markers are write-only');
  },
  stringify: (item) => `{{ ${(item.value as InlineAction).action} }}`,
};

const yamlBlockTag: ScalarTag = {
  tag: 'tag:tracing-lab,helm:block',
  default: true,
  identify: (value) => value instanceof YamlBlock,
  resolve: () => {
    throw new Error('Helm markers are write-only');
  },
  // ctx.indent is the indentation of the mapping value's children, so the block lands where YAML expects it.
  stringify: (item, ctx) => `{{- ${(item.value as YamlBlock).pipeline} | nindent ${ctx.indent.length} }}`,
};

const textBlockTag: ScalarTag = {
  tag: 'tag:tracing-lab,helm:text',
  default: true,
  identify: (value) => value instanceof TextBlock,
  resolve: () => {
    throw new Error('Helm markers are write-only');
  },
  // `|` opens a block scalar; the action trims the line break after it and writes each line at the block's indentation.
  stringify: (item, ctx) => `|\n${ctx.indent}{{- ${(item.value as TextBlock).pipeline} | nindent ${ctx.indent.length} }}`,
};

const listSpliceTag: ScalarTag = {
  tag: 'tag:tracing-lab,helm:splice',
  default: true,
  identify: (value) => value instanceof ListSplice,
  resolve: () => {
    throw new Error('Helm markers are write-only');
  },
  // A sequence item is always written as `- item`; the line is replaced after serialising (see spliceLines).
  stringify: (item) => (item.value as ListSplice).token,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Prepared = null | boolean | number | string | InlineAction | YamlBlock | TextBlock | ListSplice | Prepared[] | { [key: string]: Prepared };

function describe(path: readonly (string | number)[]): string {
  return path.length === 0 ? '(root)' : path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('');
}

function prepare(value: Json, path: (string | number)[], parent: 'map' | 'seq' | 'root', splices: ListSplice[]): Prepared {
  if (typeof value === 'string') {
    if (containsEmbeddedMarker(value)) {
      throw new Error(`Helm marker inside a longer string at ${describe(path)}: ${JSON.stringify(value)}`);
    }
    const marker: Marker | undefined = parseMarker(value);
    if (marker === undefined) return value;
    switch (marker.kind) {
      case 'inline':
        return new InlineAction(marker.text);
      case 'block':
        if (parent !== 'map') throw new Error(`Helm block marker must be a mapping value, found at ${describe(path)}`);
        return new YamlBlock(marker.text);
      case 'text':
        if (parent !== 'map') throw new Error(`Helm text marker must be a mapping value, found at ${describe(path)}`);
        return new TextBlock(marker.text);
      case 'splice': {
        if (parent !== 'seq') throw new Error(`Helm splice marker must be a sequence item, found at ${describe(path)}`);
        const splice = new ListSplice(marker.text, `__tracing_lab_helm_splice_${splices.length}__`);
        splices.push(splice);
        return splice;
      }
    }
  }
  if (Array.isArray(value)) return value.map((item, index) => prepare(item, [...path, index], 'seq', splices));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, prepare(item, [...path, key], 'map', splices)]));
  }
  return value;
}

function spliceLines(text: string, splices: readonly ListSplice[]): string {
  let result = text;
  for (const splice of splices) {
    const line = new RegExp(`^( *)- ${splice.token}$`, 'm');
    const match = line.exec(result);
    if (match === null) throw new Error(`internal: splice ${splice.expr} was not written as a sequence item`);
    const indent = match[1] ?? '';
    const replacement = [
      `${indent}{{- with ${splice.expr} }}`,
      `${indent}{{- toYaml . | nindent ${indent.length} }}`,
      `${indent}{{- end }}`,
    ].join('\n');
    result = result.replace(line, () => replacement);
  }
  return result;
}

/** The YAML template text of one object. */
export function toTemplateYaml(object: unknown): string {
  const splices: ListSplice[] = [];
  const prepared = prepare(object as Json, [], 'root', splices);
  const text = stringify(prepared, {
    customTags: [inlineActionTag, yamlBlockTag, textBlockTag, listSpliceTag],
    lineWidth: 0,
    sortMapEntries: false,
  });
  return spliceLines(text, splices);
}
