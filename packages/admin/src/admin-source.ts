// What the admin server reads and changes: the runtime's lifecycle, metrics, config, proxy state, reload and log level.
import type { LifecycleShape, Logger } from "@mosaic/kernel"
import type { RegistryLike } from "./dashboard-sampler.ts"
import type { Indicator } from "./health.ts"

export interface AdminSource {
  readonly lifecycle: LifecycleShape
  /** The text exposition of the metrics registry (absent: `/metrics` answers 404). */
  readonly metrics?: () => string
  /** The registry the dashboard samples once a second (absent: the dashboard says metrics are off). */
  readonly registry?: RegistryLike
  /** The config in force, as given (the admin redacts it). */
  readonly config: () => unknown
  /** Counters as JSON (`/api/v1/stats`). */
  readonly stats: () => unknown
  /** Clusters with their hosts: health, weight, active requests (`/clusters`). */
  readonly clusters: () => unknown
  /** The listeners in force: name, address, bound port (`/listeners`). */
  readonly listeners: () => unknown
  /** Version, runtime, uptime, state (`/server_info`). */
  readonly serverInfo: () => Record<string, unknown>
  /**
   * Swap to `config` (decoded and checked whole; rejects and changes nothing on error). `undefined`: the
   * runner's own source again (the config file for `mosaic run`); a runner with none rejects.
   */
  readonly reload: (config: unknown) => Promise<void>
  /** Indicators besides the lifecycle's `runtime_startup` (readiness), e.g. the proxy and the ingresses. */
  readonly components?: () => Record<string, Indicator>
  /** The logger whose level `update_loglevel` changes. */
  readonly logger: Logger
}
