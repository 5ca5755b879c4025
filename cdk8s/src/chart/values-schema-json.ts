import { valuesJsonSchema } from '../values/values-json-schema';
import { GENERATED_BY } from './generated-header';

/**
 * values.schema.json: the values model's JSON Schema. Helm validates the merged values against it on install,
 * upgrade, lint and template.
 */
export function valuesSchemaJson(): string {
  return `${JSON.stringify({ $comment: GENERATED_BY, ...valuesJsonSchema() }, null, 2)}\n`;
}
