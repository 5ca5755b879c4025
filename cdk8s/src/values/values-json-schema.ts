import { z } from 'zod';
import { GENERATED_BY } from '../chart/generated-header';
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
 * values.schema.json, produced from the values model by zod. Helm validates the merged values against it on
 * install, upgrade, lint and template. Output mode: every key of ours is required, because values.yaml holds all
 * defaults; a key a user removes (`--set key=null`) is reported instead of rendering a broken manifest.
 */
export function valuesJsonSchema(): SchemaNode {
  const schema = z.toJSONSchema(ValuesSchema, { io: 'output', target: 'draft-2020-12' }) as SchemaNode;
  return { $comment: GENERATED_BY, ...schema, title: 'charts/lab values' };
}

export function valuesSchemaJson(): string {
  return `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`;
}
