import { defaultValues } from '../values/model';
import { valueDocs } from '../values/values-doc';
import { valuesJsonSchema } from '../values/values-json-schema';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The values table of the chart README: one row per key values.yaml documents. */
export function valuesTable(): string {
  const rows = valueDocs(valuesJsonSchema(), defaultValues() as Record<string, unknown>)
    .filter((doc) => !doc.isSection)
    .map((doc) => `| \`${doc.key}\` | ${cell(doc.type)} | \`${cell(JSON.stringify(doc.defaultValue))}\` | ${cell(doc.description)} |`);
  return ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
