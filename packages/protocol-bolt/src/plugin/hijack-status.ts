// Why a proxy answered a Bolt request (NoRoute, Timeout, ...) and its phase-machine statuses, as Bolt response statuses.
import type { HijackCode } from "@mosaic/protocol"
import { BoltStatus, boltStatusFromProxyCode } from "../status.ts"

/**
 * MOSN maps its proxy codes 404/502 -> NO_PROCESSOR, 503 -> THREADPOOL_BUSY, 504 -> TIMEOUT, codec ->
 * CODEC_EXCEPTION. A connection lost with the request in flight (it may have run) is CONNECTION_CLOSED
 * (what sofa-bolt's own client reports then), not "no processor".
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

/** 429 (rate_limit) -> SERVER_THREADPOOL_BUSY; any other status as MOSN's bolt Mapping (boltStatusFromProxyCode). */
export const boltStatusOfHttp = (status: number): number =>
  status === 429 ? BoltStatus.SERVER_THREADPOOL_BUSY : boltStatusFromProxyCode(status)
