/** Every string value an object holds, at any depth (a ConfigMap's files, a container's args, an annotation). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The http(s) URLs written in a text, each up to the first character a URL in YAML, JSON or a flag cannot hold. */
export const urlsIn = (text: string): string[] => [...text.matchAll(/https?:\/\/[^\s"'`,;)\]}]+/g)].map(([url]) => url);
