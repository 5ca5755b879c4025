import type { NamedTemplateFile } from '../templating/named-template';
import { DATASOURCES_TPL } from './datasources';
import { HEAP_BUDGET_TPL } from './heap-budget';
import { LABELS_TPL } from './labels';
import { NAMES_TPL } from './names';
import { NETWORK_POLICY_TPL } from './network-policy';
import { OTEL_TPL } from './otel';
import { TRACE_CHECK_TPL } from './trace-check';
import { URLS_TPL } from './urls';
import { VALIDATIONS_TPL } from './validations';

/** Every `_*.tpl` file of the chart: one per module of this folder. */
export const NAMED_TEMPLATE_FILES: readonly NamedTemplateFile[] = [
  LABELS_TPL,
  NAMES_TPL,
  URLS_TPL,
  OTEL_TPL,
  HEAP_BUDGET_TPL,
  DATASOURCES_TPL,
  TRACE_CHECK_TPL,
  NETWORK_POLICY_TPL,
  VALIDATIONS_TPL,
];
