// One X-protocol request through the proxy: routing view, downstream id, upstream id, deadline, in-flight links.
import type { UpstreamChoice } from "../cluster/select-upstream.ts"
import type { RouteRequest } from "../router/route-request.ts"
import type { DeadlineItem, DeadlineList } from "../upstream/deadlines.ts"
import type { XRequestView } from "./protocol.ts"
import type { XServerConnection } from "./server-connection.ts"
import type { UpstreamConnection } from "./upstream-connection.ts"

export class XStream<F = unknown> implements RouteRequest, DeadlineItem, XRequestView<F> {
  readonly server: XServerConnection<F>
  readonly frame: F
  readonly oneway: boolean
  idHi = 0
  idLo = 0
  routeCache: unknown = undefined
  /** Answered, failed or abandoned: nothing more happens to it. */
  done = false
  // upstream side (set once forwarded)
  upstream: UpstreamConnection<F> | undefined = undefined
  upId = 0
  /** The request bytes while it waits for its connection to open. */
  queuedRaw: Uint8Array | undefined = undefined
  /** Admitted to a cluster (circuit breaker) and bound to a host until released. */
  choice: UpstreamChoice | undefined = undefined
  /** Counted in the lifecycle's in-flight requests. */
  began = false
  /** In its downstream connection's in-flight list. */
  linked = false
  // the downstream connection's list of requests in flight
  prev: XStream<F> | undefined = undefined
  next: XStream<F> | undefined = undefined
  // DeadlineItem
  deadline = 0
  dlPrev: DeadlineItem | undefined = undefined
  dlNext: DeadlineItem | undefined = undefined
  dlList: DeadlineList | undefined = undefined

  constructor(server: XServerConnection<F>, frame: F, oneway: boolean) {
    this.server = server
    this.frame = frame
    this.oneway = oneway
  }

  // ---- RouteRequest: RPC requests have no path, query or host; `method` is the RPC method name
  get method(): string {
    return this.server.proto.header(this, "method") ?? ""
  }
  get path(): string {
    return ""
  }
  get query(): string {
    return ""
  }
  get host(): string {
    return ""
  }
  header(lowerName: string): string | undefined {
    return this.server.proto.header(this, lowerName)
  }

  /** The route timeout passed. */
  onDeadline(): void {
    this.server.fail(this, "Timeout", "upstream timeout")
  }
}
