// InvokeService metrics: calls by service id, method and gRPC code, and their duration, bound once per service and method.
import { Code, codeName, type CounterChild, type HistogramChild, type MetricsShape } from "@mosaic/kernel"
import { DURATION_BUCKETS, OTHER } from "@mosaic/metrics"
import { toRpcError } from "@mosaic/rpc"

/** gRPC code names by number (label values built once). */
const CODE_NAMES: ReadonlyArray<string> = Array.from({ length: Math.max(...Object.values(Code)) + 1 }, (_, c) => codeName(c))

interface Bound {
  readonly byCode: Array<CounterChild | undefined>
  readonly time: HistogramChild
}

export class InvokeMetrics {
  private readonly calls
  private readonly time
  /** service → method → series: two map lookups per call, no string building. */
  private readonly bound = new Map<string, Map<string, Bound>>()

  private readonly maxValues: number

  /** `maxValues`: distinct services (and methods per service) kept apart; more are counted as "other" (the registry's cap). */
  constructor(metrics: MetricsShape, maxValues: number) {
    this.maxValues = maxValues
    this.calls = metrics.counter("mosaic_invoke_request_total", "InvokeService calls by target service id, method and gRPC code.", ["service", "method", "grpc_code"])
    this.time = metrics.histogram("mosaic_invoke_request_time_seconds", "InvokeService call duration through the invoker (filters, channel, upstream), seconds.", ["service", "method"], DURATION_BUCKETS)
  }

  /** One call ended with `code` (0: OK), `t0` = performance.now() at its start. */
  done(service: string, method: string, code: number, t0: number): void {
    let methods = this.bound.get(service)
    if (methods === undefined) {
      if (this.bound.size >= this.maxValues) service = OTHER
      methods = this.bound.get(service)
      if (methods === undefined) this.bound.set(service, methods = new Map())
    }
    let b = methods.get(method)
    if (b === undefined) {
      if (methods.size >= this.maxValues) method = OTHER
      b = methods.get(method)
      if (b === undefined) methods.set(method, b = { byCode: [], time: this.time.labels(service, method) })
    }
    let c = b.byCode[code]
    if (c === undefined) c = b.byCode[code] = this.calls.labels(service, method, CODE_NAMES[code] ?? String(code))
    c.inc()
    b.time.observe((performance.now() - t0) / 1000)
  }

  /** Code of a rejection (an RpcError's, else UNKNOWN / UNAVAILABLE as the ingress maps it). */
  static codeOf(e: unknown): number {
    return toRpcError(e).code
  }
}
