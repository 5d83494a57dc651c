// Downstream metrics (MOSN's downstream_* names, Envoy's downstream_rq_xx), bound once per listener and protocol.
import type { CounterChild, HistogramChild, MetricsShape } from "@mosaic/kernel"

/** Request-duration buckets in seconds (0.5 ms to 10 s), the same as the ingress's. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const

/** The series of one listener and protocol: bump these on the hot path, nothing else. */
export interface BoundDownstream {
  readonly connections: CounterChild
  readonly requests: CounterChild
  readonly time: HistogramChild
  /** Responses by status class: index `status / 100 - 1` (1xx..5xx); anything else is not counted. */
  readonly responses: ReadonlyArray<CounterChild>
}

/** Count one response of `status` written after `t0` (performance.now() when its request was decoded). */
export const countResponse = (m: BoundDownstream, status: number, t0: number): void => {
  const c = m.responses[((status / 100) | 0) - 1]
  if (c !== undefined) c.inc()
  m.time.observe((performance.now() - t0) / 1000)
}

export class DownstreamMetrics {
  private readonly byListener = new Map<string, Map<string, BoundDownstream>>()
  private readonly families

  constructor(metrics: MetricsShape) {
    const labels = ["listener", "protocol"]
    this.families = {
      connections: metrics.counter("mosaic_downstream_connection_total", "Downstream connections accepted (MOSN downstream_connection_total).", labels),
      requests: metrics.counter("mosaic_downstream_request_total", "Downstream requests decoded (MOSN downstream_request_total).", labels),
      time: metrics.histogram("mosaic_downstream_request_time_seconds", "From a downstream request decoded to its response written, seconds (MOSN downstream_request_time).", labels, DURATION_BUCKETS),
      responses: metrics.counter("mosaic_downstream_rq_xx_total", "Downstream responses by status class (Envoy downstream_rq_xx).", [...labels, "response_code_class"])
    }
  }

  /** The series of `listener` and `protocol`, bound on first use (once per connection at most: a map lookup). */
  bind(listener: string, protocol: string): BoundDownstream {
    let byProtocol = this.byListener.get(listener)
    if (byProtocol === undefined) this.byListener.set(listener, byProtocol = new Map())
    let bound = byProtocol.get(protocol)
    if (bound === undefined) {
      const f = this.families
      bound = {
        connections: f.connections.labels(listener, protocol),
        requests: f.requests.labels(listener, protocol),
        time: f.time.labels(listener, protocol),
        responses: CLASSES.map((c) => f.responses.labels(listener, protocol, c))
      }
      byProtocol.set(protocol, bound)
    }
    return bound
  }
}
