// The host-source contract: where a cluster's members come from (a static list, later registries), and the `host_source` plugin kind.
import { kind } from "@mosaic/kernel"
import type { HostConfig } from "../config/cluster.ts"

/**
 * A cluster's membership: the hosts to start with and, for sources that change, a way to hear of changes.
 * Hosts are decoded `HostConfig`s (`{ address, hostname?, weight }`; decode with the `HostConfig` schema).
 */
export interface HostSource {
  /** The members when the cluster starts. */
  readonly hosts: ReadonlyArray<HostConfig>
  /**
   * Called once by the cluster that uses this source. Call `update` with the whole new member list each time
   * it changes, until the scope the source was built in closes (its `make` ran in that scope: release
   * watchers and sessions there). The cluster builds a new balancer over the new list; a host that is gone
   * gets no new request, its requests in flight finish, and its idle connections close. Absent: the list
   * never changes.
   */
  readonly subscribe?: ((update: (hosts: ReadonlyArray<HostConfig>) => void) => void) | undefined
}

/**
 * The plugin kind of host sources, named by a cluster's `host_source: { type, config }`; a cluster with
 * MOSN's `hosts` list uses the `static` one. `make` may fail with anything (a registry out of reach): the
 * proxy reports it as a ConfigError at the source's config path, and the config is refused.
 */
export const HostSourceKind = kind<HostSource, unknown>("host_source")
