import { Document, isMap, isScalar, type YAMLMap } from 'yaml';
import { defaultValues } from '../values/model';
import { valueDocs } from '../values/values-doc';
import { valuesJsonSchema } from '../values/values-json-schema';
import { GENERATED_BY } from './generated-header';

/** values.yaml: every default of the model, each key preceded by its `# --` description (helm-docs style). */
export function valuesYaml(): string {
  const defaults = defaultValues() as Record<string, unknown>;
  const docs = new Map(valueDocs(valuesJsonSchema(), defaults).map((doc) => [doc.key, doc]));
  const document = new Document(defaults);
  document.commentBefore = ` ${GENERATED_BY}\n Every key is checked by values.schema.json; see README.md for the table.`;
  const annotate = (map: YAMLMap, prefix: string, topLevel: boolean) => {
    map.items.forEach((pair, index) => {
      if (!isScalar(pair.key)) return;
      const key = `${prefix}${String(pair.key.value)}`;
      const doc = docs.get(key);
      if (doc === undefined) throw new Error(`values key ${key} is not documented`);
      pair.key.commentBefore = ` -- ${doc.description}`;
      if (topLevel && index > 0) pair.key.spaceBefore = true;
      if (doc.isSection && isMap(pair.value)) annotate(pair.value, `${key}.`, false);
    });
  };
  if (!isMap(document.contents)) throw new Error('internal: values are not a map');
  annotate(document.contents, '', true);
  return document.toString({ lineWidth: 0 });
}
