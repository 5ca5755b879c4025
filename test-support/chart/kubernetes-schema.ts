import * as kubernetesModels from 'kubernetes-models';
import type { K8sObject } from './helm';

/**
 * Validation of rendered objects — ours and the dependency charts' — against the Kubernetes OpenAPI schemas
 * (kubernetes-models). Types are checked (e.g. `replicas: "2"` fails); note that these schemas do not reject
 * unknown fields. Every built-in kind the package models is known; a kind it does not model (a CRD) is an error.
 */
type ModelClass = (new (data: never) => { validate(): void }) & { apiVersion: string; kind: string };

const isModelClass = (candidate: unknown): candidate is ModelClass =>
  typeof candidate === 'function' && typeof (candidate as Partial<ModelClass>).apiVersion === 'string' && typeof (candidate as Partial<ModelClass>).kind === 'string';

/** `apiVersion/kind` → model class, from the package's namespaces: core `v1`, and `<group>.<version>` for the rest. */
const MODELS = new Map<string, ModelClass>();
for (const [name, namespace] of Object.entries(kubernetesModels)) {
  const versions: object[] = name === 'v1' ? [namespace] : Object.values(namespace);
  for (const version of versions) {
    for (const candidate of Object.values(version)) if (isModelClass(candidate)) MODELS.set(`${candidate.apiVersion}/${candidate.kind}`, candidate);
  }
}

export function validateKubernetesObject(object: K8sObject): void {
  const Model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) throw new Error(`no Kubernetes schema in kubernetes-models for ${object.apiVersion} ${object.kind} (${object.metadata.name})`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name} does not match the Kubernetes schema: ${(error as Error).message}`);
  }
}
