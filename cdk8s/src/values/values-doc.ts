import type { SchemaNode } from './values-json-schema';

/** One documented key of values.yaml, as walked from the JSON schema and the defaults together. */
export interface ValueDoc {
  /** Dotted key, e.g. `logService.image.tag`. */
  readonly key: string;
  readonly description: string;
  /** A short type, e.g. `integer (0–20)`, `"IfNotPresent" | "Always" | "Never"`, `object (open)`. */
  readonly type: string;
  readonly defaultValue: unknown;
  /** True when the key is an object whose keys are documented one by one. */
  readonly isSection: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  const bounds = node.minimum !== undefined && node.maximum !== undefined ? ` (${node.minimum}–${node.maximum})` : '';
  const open = node.properties && node.additionalProperties !== false ? ' (open)' : '';
  const list = type === 'array' && node.items?.type ? ` of ${String(node.items.type)}` : '';
  return `${type}${bounds}${open}${list}`;
}

/** Every key that values.yaml writes, in file order, with its description from the schema. */
export function valueDocs(schema: SchemaNode, defaults: Record<string, unknown>, prefix = ''): ValueDoc[] {
  const docs: ValueDoc[] = [];
  for (const [key, value] of Object.entries(defaults)) {
    const node = schema.properties?.[key];
    const path = `${prefix}${key}`;
    if (node === undefined) throw new Error(`values key ${path} has a default but no schema`);
    if (!node.description) throw new Error(`values key ${path} has no description in the values model`);
    const isSection = isPlainObject(value) && node.properties !== undefined && Object.keys(node.properties).length > 0 && !isRecordNode(node);
    docs.push({ key: path, description: node.description, type: typeOf(node), defaultValue: value, isSection });
    if (isSection) docs.push(...valueDocs(node, value as Record<string, unknown>, `${path}.`));
  }
  return docs;
}

/** Objects such as `resources` are documented as one value: their keys are optional and have no defaults. */
function isRecordNode(node: SchemaNode): boolean {
  return node.properties !== undefined && Object.values(node.properties).every((child) => child.description === undefined);
}
