// Hijack statuses per protocol: why the proxy answered (NoRoute, Timeout, ...) -> Bolt and Dubbo status codes.
import { BoltStatus, boltStatusFromProxyCode } from "@mosaic/protocol-bolt"
import { DubboStatus, dubboStatusFromProxyCode } from "@mosaic/protocol-dubbo"
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

/**
 * The hijack code of a phase-machine reply (an HTTP-like status and its reason, see stream/retry-state.ts and
 * ProxyStream): 404 no route; 502 connect failed / upstream reset; 503 unknown cluster, no healthy host,
 * draining, else overflow; 504 timeout; 400 bad frame. Undefined for any other status (a filter's own,
 * 429, 500): the protocol maps the status itself (`boltStatusOfHttp`, `dubboStatusOfHttp`).
 */
export const hijackCodeOf = (status: number, reason: string): HijackCode | undefined => {
  switch (status) {
    case 404: return "NoRoute"
    case 502: return reason.startsWith("upstream connect failed") ? "ConnectFailed" : "UpstreamReset"
    case 503:
      return reason === "unknown cluster" ? "UnknownCluster" : reason === "no healthy upstream host" ? "NoHealthyHost"
        : reason === "draining" ? "Draining" : "Overflow"
    case 504: return "Timeout"
    case 400: return "CodecError"
  }
  return undefined
}

/** 429 (rate_limit) -> SERVER_THREADPOOL_BUSY; any other status as MOSN's bolt Mapping (boltStatusFromProxyCode). */
export const boltStatusOfHttp = (status: number): number =>
  status === 429 ? BoltStatus.SERVER_THREADPOOL_BUSY : boltStatusFromProxyCode(status)

/** 429 (rate_limit) -> SERVER_THREADPOOL_EXHAUSTED_ERROR (100); any other status as MOSN's dubbo mapping. */
export const dubboStatusOfHttp = (status: number): number =>
  status === 429 ? DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR : dubboStatusFromProxyCode(status)
