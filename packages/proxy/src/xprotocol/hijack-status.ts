// Hijack statuses per protocol: why the proxy answered (NoRoute, Timeout, ...) -> Bolt and Dubbo status codes.
import { BoltStatus } from "@mosaic/protocol-bolt"
import { DubboStatus } from "@mosaic/protocol-dubbo"
import type { HijackCode } from "./protocol.ts"

/**
 * MOSN maps its proxy codes 404/502 -> Bolt NO_PROCESSOR / Dubbo SERVICE_NOT_FOUND, 503 -> THREADPOOL_BUSY /
 * BAD_REQUEST, 504 -> TIMEOUT / CLIENT_TIMEOUT, codec -> CODEC_EXCEPTION / SERVICE_ERROR. Mosaic keeps the Bolt
 * side and the routing failures, and differs where the Dubbo status says something else than what happened:
 * a proxy timeout is SERVER_TIMEOUT (31), overflow is SERVER_THREADPOOL_EXHAUSTED_ERROR (100), a bad frame is
 * BAD_REQUEST (40); a connection lost with the request in flight (it may have run) is Bolt CONNECTION_CLOSED
 * (what sofa-bolt's own client reports then) / Dubbo SERVER_ERROR (80), not "no processor / not found".
 */
export const BOLT_HIJACK_STATUS: Readonly<Record<HijackCode, number>> = {
  NoRoute: BoltStatus.NO_PROCESSOR,
  UnknownCluster: BoltStatus.NO_PROCESSOR,
  NoHealthyHost: BoltStatus.NO_PROCESSOR,
  ConnectFailed: BoltStatus.NO_PROCESSOR,
  UpstreamReset: BoltStatus.CONNECTION_CLOSED,
  Timeout: BoltStatus.TIMEOUT,
  Overflow: BoltStatus.SERVER_THREADPOOL_BUSY,
  Draining: BoltStatus.SERVER_THREADPOOL_BUSY,
  CodecError: BoltStatus.CODEC_EXCEPTION
}

export const DUBBO_HIJACK_STATUS: Readonly<Record<HijackCode, number>> = {
  NoRoute: DubboStatus.SERVICE_NOT_FOUND,
  UnknownCluster: DubboStatus.SERVICE_NOT_FOUND,
  NoHealthyHost: DubboStatus.SERVICE_NOT_FOUND,
  ConnectFailed: DubboStatus.SERVICE_NOT_FOUND,
  UpstreamReset: DubboStatus.SERVER_ERROR,
  Timeout: DubboStatus.SERVER_TIMEOUT,
  Overflow: DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR,
  Draining: DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR,
  CodecError: DubboStatus.BAD_REQUEST
}

/** The proxy code counted in `stats().hijacks` (MOSN's HTTP-like codes; 400 for a bad frame). */
export const HIJACK_STATS_CODE: Readonly<Record<HijackCode, number>> = {
  NoRoute: 404,
  UnknownCluster: 503,
  NoHealthyHost: 503,
  ConnectFailed: 502,
  UpstreamReset: 502,
  Timeout: 504,
  Overflow: 503,
  Draining: 503,
  CodecError: 400
}

/** A route's direct_response status (HTTP) as a hijack code, for statuses that are not 2xx. */
export const hijackCodeOfHttpStatus = (status: number): HijackCode | undefined => {
  switch (status) {
    case 404: return "NoRoute"
    case 502: return "ConnectFailed"
    case 503: return "Overflow"
    case 504: return "Timeout"
    case 400: return "CodecError"
  }
  return undefined
}
