// The http channel: pooled HTTP/1.1 to a proxy listener (in-memory pipe) or to host:port over TCP.
import { Code, codeFromHttpStatus } from "@mosaic/kernel"
import { type Channel, Oneway, RequestType, RpcError, type RpcRequest, type RpcResponse, TargetAddress, emptyResponse } from "@mosaic/rpc"
import { type Connection, parseHostPort, type PipeListenersShape, type TransportShape } from "@mosaic/transport"
import { getHeader, type Http1Limits, type Http1Response } from "@mosaic/protocol-http1"
import { Pool } from "./pool.ts"
import { abortError, HttpConnection } from "./http-connection.ts"
import { buildHttpRequest } from "./build-request.ts"
import { encodeHttpRequest } from "./encode-request.ts"

export interface HttpChannelOptions {
  /** A proxy listener name (in-memory pipe) or "host:port" (TCP). */
  readonly listener: string
  readonly size: number
  readonly idleTimeoutMs: number
  readonly connectTimeoutMs: number
  readonly limits: Partial<Http1Limits>
  /** `generate`: a request without any trace gets a new `traceparent` (default off). */
  readonly trace?: { readonly generate: boolean }
  /** A header for the remaining ms (default none). */
  readonly deadlineHeader?: string
}

/** Response headers that describe the HTTP hop, not the answer. */
const skipHeaders = new Set(["content-length", "connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-connection"])
const MAX_ERROR_BODY = 256

export const makeHttpChannel = (
  options: HttpChannelOptions,
  transport: TransportShape,
  pipes: PipeListenersShape
): Channel & { close(): void } => {
  const dialTo = (address: string) => {
    const target = parseHostPort(address)
    return async (signal: AbortSignal): Promise<Connection> => {
      if (target === undefined) {
        const c = pipes.connect(address)
        if (c instanceof Error) throw RpcError.of(Code.UNAVAILABLE, `cannot reach the proxy listener: ${c.message}`)
        return c
      }
      try {
        return await transport.dial({ host: target.host, port: target.port, timeoutMs: options.connectTimeoutMs, signal })
      } catch (e) {
        if (signal.aborted) throw abortError(signal)
        throw RpcError.of(Code.UNAVAILABLE, (e as Error).message)
      }
    }
  }
  const makePool = (address: string): Pool<HttpConnection> => {
    const dial = dialTo(address)
    const pool: Pool<HttpConnection> = new Pool({
      size: options.size,
      idleTimeoutMs: options.idleTimeoutMs,
      dial: async (signal) => new HttpConnection(await dial(signal), options.limits, (c) => pool.forget(c))
    })
    return pool
  }
  const buildOptions = {
    generateTrace: options.trace?.generate ?? false,
    ...(options.deadlineHeader === undefined ? {} : { deadlineHeader: options.deadlineHeader })
  }
  const main = makePool(options.listener)
  // rpc_target_address: one bounded pool per address instead of Layotto's connection per request.
  const byTarget = new Map<string, Pool<HttpConnection>>()
  const poolFor = (request: RpcRequest): Pool<HttpConnection> => {
    const target = request.header[TargetAddress]
    if (target === undefined || target === "") return main
    if (parseHostPort(target) === undefined) throw RpcError.of(Code.INVALID_ARGUMENT, `${TargetAddress} "${target}" is not host:port`)
    let pool = byTarget.get(target)
    if (pool === undefined) {
      if (byTarget.size >= 64) throw RpcError.of(Code.RESOURCE_EXHAUSTED, `too many distinct ${TargetAddress} values (64)`)
      pool = makePool(target)
      byTarget.set(target, pool)
    }
    return pool
  }

  return {
    protocol: "http",
    do: async (request) => {
      const pool = poolFor(request)
      const built = buildHttpRequest(request, buildOptions)
      const bytes = encodeHttpRequest(request, built)
      const conn = await pool.acquire(request.signal)
      if (request.header[RequestType] === Oneway) {
        // Fire and forget: answer now; the connection returns to the pool once its response is read.
        conn.send(bytes, built.method, AbortSignal.timeout(Math.max(request.timeoutMs, 1000))).then(
          () => pool.release(conn, !conn.dead),
          () => pool.release(conn, false)
        )
        return emptyResponse()
      }
      let response: Http1Response
      try {
        response = await conn.send(bytes, built.method, request.signal)
      } catch (e) {
        pool.release(conn, false)
        throw e
      }
      pool.release(conn, !conn.dead)
      return toRpcResponse(response)
    },
    close: () => {
      main.close()
      for (const p of byTarget.values()) p.close()
    }
  }
}

/** 2xx is success; other statuses map as Dapr does, with the status in metadata. */
const toRpcResponse = (response: Http1Response): RpcResponse => {
  const code = codeFromHttpStatus(response.status)
  if (code !== Code.OK) {
    const body = new TextDecoder().decode(response.body.subarray(0, MAX_ERROR_BODY))
    throw RpcError.of(code, `http response code ${response.status}, body: ${body}`, { "http-status": String(response.status) })
  }
  const header: Record<string, string> = {}
  const h = response.headers
  for (let i = 0; i < h.length; i += 2) {
    const k = h[i]!.toLowerCase()
    if (skipHeaders.has(k)) continue
    header[k] = header[k] === undefined ? h[i + 1]! : `${header[k]},${h[i + 1]!}`
  }
  return { header, contentType: getHeader(h, "content-type") ?? "", data: response.body }
}
