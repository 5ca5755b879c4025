import { ConfigMap, Pod, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import type { K8sObject } from './helm';

/**
 * Validation of rendered objects against the Kubernetes OpenAPI schemas (kubernetes-models). Types are checked
 * (e.g. `replicas: "2"` fails); note that these schemas do not reject unknown fields.
 */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap as never,
  'v1/Pod': Pod as never,
  'v1/Service': Service as never,
  'apps/v1/Deployment': Deployment as never,
  'batch/v1/Job': Job as never,
};

export function validateKubernetesObject(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no Kubernetes schema registered for ${object.apiVersion} ${object.kind} (${object.metadata.name})`);
  try {
    new Model(object as never).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name} does not match the Kubernetes schema: ${(error as Error).message}`);
  }
}
