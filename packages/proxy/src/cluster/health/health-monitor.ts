// Active health checking of one cluster: a timer per host, consecutive-result thresholds flip Host.healthy.
import type { TransportShape } from "@mosaic/transport"
import type { HealthCheckConfig } from "../../config/cluster.ts"
import type { Host } from "../host.ts"
import type { HealthChecker } from "./health-checker.ts"
import { type Probe, probe } from "./probe.ts"

/** Per-host state: consecutive results, the pending timer or check. */
class HostCheck {
  readonly host: Host
  failures = 0
  successes = 0
  /** Checks run so far. */
  checks = 0
  timer: ReturnType<typeof setTimeout> | undefined = undefined
  running: Probe | undefined = undefined
  /** The host left the cluster: no more checks. */
  stopped = false
  constructor(host: Host) {
    this.host = host
  }
}

/**
 * Checks every host of a cluster: the first check after `initial_delay_seconds`, then one every
 * `interval` + a random jitter below `interval_jitter` after the previous check ends (checks of one
 * host never overlap). A host turns unhealthy after `unhealthy_threshold` consecutive failures and
 * healthy again after `healthy_threshold` consecutive successes, so a host that dies is out within
 * about interval x unhealthy_threshold (+ the check timeout when the host does not refuse).
 */
export class HealthMonitor {
  readonly checker: HealthChecker
  private readonly transport: TransportShape
  private readonly config: HealthCheckConfig
  private hosts: ReadonlyArray<HostCheck>
  private readonly random: () => number
  private closed = false
  private readonly inFlight = new Set<Promise<boolean>>()

  constructor(hosts: ReadonlyArray<Host>, config: HealthCheckConfig, checker: HealthChecker, transport: TransportShape, random = Math.random) {
    this.checker = checker
    this.transport = transport
    this.config = config
    this.random = random
    this.hosts = hosts.map((h) => new HostCheck(h))
  }

  start(): void {
    for (const hc of this.hosts) this.schedule(hc, this.config.initial_delay_seconds)
  }

  /**
   * The cluster's members changed: a host still listed keeps its schedule and counts, a new one gets its
   * first check after `initial_delay_seconds`, a removed one is no longer checked.
   */
  setHosts(hosts: ReadonlyArray<Host>): void {
    if (this.closed) return
    const byHost = new Map(this.hosts.map((hc) => [hc.host, hc]))
    const next = hosts.map((h) => byHost.get(h) ?? new HostCheck(h))
    const kept = new Set(next)
    for (const hc of this.hosts) if (!kept.has(hc)) this.stop(hc)
    const fresh = next.filter((hc) => !byHost.has(hc.host))
    this.hosts = next
    for (const hc of fresh) this.schedule(hc, this.config.initial_delay_seconds)
  }

  /** Stop timers, cancel running checks; resolves once they have settled. */
  close(): Promise<void> {
    this.closed = true
    for (const hc of this.hosts) this.stop(hc)
    return Promise.all(this.inFlight).then(() => {})
  }

  private stop(hc: HostCheck): void {
    hc.stopped = true
    if (hc.timer !== undefined) clearTimeout(hc.timer)
    hc.timer = undefined
    hc.running?.cancel()
  }

  /** Checks run per host address (for tests and stats). */
  checkCounts(): Record<string, number> {
    return Object.fromEntries(this.hosts.map((hc) => [hc.host.address, hc.checks]))
  }

  private schedule(hc: HostCheck, delayMs: number): void {
    if (this.closed || hc.stopped) return
    const jitter = this.config.interval_jitter > 0 ? this.random() * this.config.interval_jitter : 0
    hc.timer = setTimeout(() => this.run(hc), delayMs + jitter)
  }

  private run(hc: HostCheck): void {
    hc.timer = undefined
    if (this.closed || hc.stopped) return
    const p = probe(this.transport, hc.host, this.checker.session(hc.host))
    hc.running = p
    this.inFlight.add(p.result)
    void p.result.then((ok) => {
      this.inFlight.delete(p.result)
      hc.running = undefined
      if (this.closed || hc.stopped) return
      hc.checks++
      this.record(hc, ok)
      this.schedule(hc, this.config.interval)
    })
  }

  private record(hc: HostCheck, ok: boolean): void {
    if (ok) {
      hc.failures = 0
      hc.successes++
      if (!hc.host.healthy && hc.successes >= Math.max(1, this.config.healthy_threshold)) hc.host.healthy = true
    } else {
      hc.successes = 0
      hc.failures++
      if (hc.host.healthy && hc.failures >= Math.max(1, this.config.unhealthy_threshold)) hc.host.healthy = false
    }
  }
}
