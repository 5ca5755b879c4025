import { Construct, type IConstruct } from 'constructs';

/**
 * A scope whose resources are rendered only when a template condition holds: the chart writer wraps every
 * template file of an object under it in `{{- if <condition> }} … {{- end }}` (nested conditions are joined by `and`).
 */
export class HelmCondition extends Construct {
  constructor(
    scope: Construct,
    id: string,
    /** A template pipeline, e.g. `.Values.logService.enabled`. */
    readonly condition: string,
  ) {
    super(scope, id);
    if (condition.includes('{{') || condition.includes('}}')) {
      throw new Error(`HelmCondition takes a bare pipeline, got ${JSON.stringify(condition)}`);
    }
  }
}

/** The conditions of every HelmCondition above `construct`, outermost first. */
export function conditionsOf(construct: IConstruct): string[] {
  return construct.node.scopes.filter((scope): scope is HelmCondition => scope instanceof HelmCondition).map((scope) => scope.condition);
}
