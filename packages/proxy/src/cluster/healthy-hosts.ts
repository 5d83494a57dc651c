// The healthy subset of a host list, recomputed only when some host's health flipped.
import { currentHealthVersion, type Host } from "./host.ts"

export class HealthyHosts {
  private readonly hosts: ReadonlyArray<Host>
  private version = -1
  private list: ReadonlyArray<Host> = []
  constructor(hosts: ReadonlyArray<Host>) {
    this.hosts = hosts
  }
  /** The healthy hosts, in config order (the same array until health changes). */
  get(): ReadonlyArray<Host> {
    const v = currentHealthVersion()
    if (v !== this.version) {
      this.version = v
      this.list = this.hosts.every((h) => h.healthy) ? this.hosts : this.hosts.filter((h) => h.healthy)
    }
    return this.list
  }
}
