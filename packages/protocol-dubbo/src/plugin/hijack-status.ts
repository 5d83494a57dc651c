// Why a proxy answered a Dubbo request (NoRoute, Timeout, ...) and its phase-machine statuses, as Dubbo status bytes.
import type { HijackCode } from "@mosaic/protocol"
import { DubboStatus, dubboStatusFromProxyCode } from "../status.ts"

/**
 * MOSN maps 404/502 -> SERVICE_NOT_FOUND, 503 -> BAD_REQUEST, 504 -> CLIENT_TIMEOUT, codec -> SERVICE_ERROR.
 * Mosaic keeps the routing failures and differs where the Dubbo status says something else than what
 * happened: a proxy timeout is SERVER_TIMEOUT (31), overflow is SERVER_THREADPOOL_EXHAUSTED_ERROR (100), a
 * bad frame is BAD_REQUEST (40), a connection lost with the request in flight is SERVER_ERROR (80).
 */
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

/** 429 (rate_limit) -> SERVER_THREADPOOL_EXHAUSTED_ERROR (100); any other status as MOSN's dubbo mapping. */
export const dubboStatusOfHttp = (status: number): number =>
  status === 429 ? DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR : dubboStatusFromProxyCode(status)
