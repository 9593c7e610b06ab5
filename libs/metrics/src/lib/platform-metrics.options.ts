export interface PlatformMetricsOptions {
  /** The app's name, as in `apps/<name>` (e.g. `inference-api`); prefixes its metrics. */
  app: string;
  /** Shown in `build_info`; e.g. the package.json version. Default `unknown`. */
  version?: string;
  /** Shown in `build_info`; e.g. the git commit the image was built from. Default `unknown`. */
  commit?: string;
  /** Where Prometheus scrapes. Default `/metrics`. */
  path?: string;
}

export type ResolvedPlatformMetricsOptions = Required<PlatformMetricsOptions>;
