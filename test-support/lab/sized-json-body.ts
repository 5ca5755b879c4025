/**
 * `value` as JSON of exactly `bytes` bytes (UTF-8): the serialisation padded with spaces before its closing brace,
 * which JSON ignores, so two bodies one byte apart carry the same value and differ only in size.
 */
export function jsonOfSize(value: Record<string, unknown>, bytes: number): string {
  const json = JSON.stringify(value);
  const padding = bytes - Buffer.byteLength(json);
  if (padding < 0) throw new Error(`${json} is already ${Buffer.byteLength(json)} bytes, more than ${bytes}`);
  return `${json.slice(0, -1)}${' '.repeat(padding)}}`;
}
