import { goIn } from '../go-module';

/** What Kubernetes makes of a resource quantity (tools/kube-quantity, k8s.io/apimachinery's resource.ParseQuantity). */
export interface KubernetesQuantity {
  quantity: string;
  valid: boolean;
  /** Quantity.Value(): the value rounded up to a whole number, as a container's memory limit is applied. */
  bytes?: string;
  /** Quantity.Cmp(minimum) >= 0: exact, a fraction of a byte below the minimum is below it. */
  atLeastMinimum: boolean;
}

/**
 * Kubernetes' own judgement of each quantity against `minimum`, from tools/kube-quantity run with `go run .` (built
 * from the module proxy's k8s.io/apimachinery, pinned in its go.mod): an oracle that shares no unit table with the
 * chart.
 */
export async function kubernetesQuantities(minimum: string, quantities: readonly string[]): Promise<Map<string, KubernetesQuantity>> {
  const run = await goIn('kube-quantity', ['run', '.', '-minimum', minimum, ...quantities]);
  if (run.code !== 0) throw new Error(`tools/kube-quantity exited ${run.code}:\n${run.output}`);
  const judged = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as KubernetesQuantity);
  if (judged.length !== quantities.length) throw new Error(`tools/kube-quantity judged ${judged.length} of ${quantities.length} quantities`);
  return new Map(judged.map((judgement) => [judgement.quantity, judgement]));
}
