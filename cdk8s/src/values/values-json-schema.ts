import { z } from 'zod';
import { ValuesSchema } from './model';

/** A JSON Schema node, as far as the documentation walkers read it. */
export interface SchemaNode {
  readonly type?: string | string[];
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly SchemaNode[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly items?: SchemaNode;
  readonly [key: string]: unknown;
}

/**
 * The JSON Schema of the values, produced from the values model by zod (the chart ships it as values.schema.json).
 * Output mode: every key of ours is required, because values.yaml holds all defaults; a key a user removes
 * (`--set key=null`) is reported instead of rendering a broken manifest.
 */
export function valuesJsonSchema(): SchemaNode {
  const schema = z.toJSONSchema(ValuesSchema, { io: 'output', target: 'draft-2020-12' }) as SchemaNode;
  return { ...schema, title: 'charts/lab values' };
}
