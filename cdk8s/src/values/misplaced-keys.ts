/**
 * Keys that users (and tutorials) put where the dependency charts never read them: Helm merges them silently and
 * the chart below ignores them, so a receiver or a switch the user meant to set has no effect. The chart refuses
 * each with the path it belongs at (templates/validations.ts); the schema leaves these sections open, since any
 * other key of the Tempo or Grafana chart may be set there.
 *
 * The Tempo chart reads its own settings under its `tempo:` key, so under this chart they sit at `tempo.tempo.*`;
 * one level higher, `tempo.<key>` is a top-level key of the Tempo chart, which these are not (checked against the
 * real chart's values.yaml in cdk8s/test/misplaced-keys.test.ts).
 */
export interface MisplacedKey {
  /** Where the key was put, e.g. `['tempo', 'receiver']` for `tempo.receiver`. */
  readonly path: readonly [string, ...string[]];
  /** Where it belongs. */
  readonly belongsAt: string;
}

/** Keys of the Tempo chart's `tempo:` block that are not also top-level keys of the Tempo chart. */
export const TEMPO_SETTINGS_KEYS = [
  'receivers',
  'reportingEnabled',
  'metricsGenerator',
  'streamOverHttpEnabled',
  'retention',
  'overrides',
  'per_tenant_overrides',
  'storage',
  'server',
  'ingester',
  'querier',
  'queryFrontend',
  'multitenancyEnabled',
  'memBallastSizeMbs',
  'resources',
  'extraArgs',
  'extraEnv',
  'extraEnvFrom',
  'extraVolumeMounts',
] as const;

export const MISPLACED_KEYS: readonly MisplacedKey[] = [
  // The tutorials' singular, at either level.
  { path: ['tempo', 'receiver'], belongsAt: 'tempo.tempo.receivers' },
  { path: ['tempo', 'tempo', 'receiver'], belongsAt: 'tempo.tempo.receivers' },
  // Tempo settings one level too high.
  ...TEMPO_SETTINGS_KEYS.map((key): MisplacedKey => ({ path: ['tempo', key], belongsAt: `tempo.tempo.${key}` })),
  // Grafana's datasource sidecar is `sidecar.datasources` (plural).
  { path: ['grafana', 'sidecar', 'datasource'], belongsAt: 'grafana.sidecar.datasources' },
];
