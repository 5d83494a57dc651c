// ProxyError: why the proxy answered a request itself (MOSN hijack reasons), with the HTTP status it used.

export type ProxyErrorReason =
  | "NoRoute" // 404: no virtual host or no route matched
  | "UnknownCluster" // 503: the route names a cluster that does not exist
  | "NoHealthyHost" // 503: the cluster has no (healthy) host
  | "Overflow" // 503: too many requests waiting for a connection (max_pending_requests)
  | "ConnectFailed" // 502: connecting to the host failed or timed out
  | "UpstreamReset" // 502: the upstream connection closed or sent garbage before a full answer
  | "Timeout" // 504: the route timeout passed
  | "Draining" // 503: the runtime is shutting down

/** HTTP status of each reason (MOSN: RouterUnavailable 404, NoHealthUpstream 502, UpstreamOverFlow 503, Timeout 504). */
export const proxyErrorStatus: Readonly<Record<ProxyErrorReason, number>> = {
  NoRoute: 404,
  UnknownCluster: 503,
  NoHealthyHost: 503,
  Overflow: 503,
  ConnectFailed: 502,
  UpstreamReset: 502,
  Timeout: 504,
  Draining: 503
}

export class ProxyError extends Error {
  readonly _tag = "ProxyError" as const
  readonly reason: ProxyErrorReason
  readonly status: number
  constructor(reason: ProxyErrorReason, message: string) {
    super(`proxy: ${reason}: ${message}`)
    this.name = "ProxyError"
    this.reason = reason
    this.status = proxyErrorStatus[reason]
  }
}
