import { JsonPatch, type ApiObject } from 'cdk8s';

/**
 * JSON patches applied to an object's final JSON, after cdk8s has serialised it. cdk8s applies its own patches
 * (`ApiObject.addJsonPatch`) *before* the typed Kubernetes serialisers, which turn a marker string standing for a
 * map or a list item into garbage (`{}`, or a map of characters); template patches run after them.
 */
const patchesByObject = new WeakMap<ApiObject, JsonPatch[]>();

export function addTemplatePatch(object: ApiObject, ...patches: JsonPatch[]): void {
  patchesByObject.set(object, [...(patchesByObject.get(object) ?? []), ...patches]);
}

/** The object's JSON with its template patches applied. */
export function templateJson(object: ApiObject): unknown {
  return JsonPatch.apply(object.toJson(), ...(patchesByObject.get(object) ?? []));
}
