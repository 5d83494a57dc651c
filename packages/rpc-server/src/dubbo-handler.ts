// Serves Dubbo 2 (hessian2) on one connection: request dispatch, status and flag replies (framing and heartbeats: the dubbo Protocol).
import type { Connection } from "@mosaic/transport"
import type { Protocol } from "@mosaic/protocol"
import { buildErrorResponse, type DubboFrame, DubboProtocol, DubboStatus, encodeResponse, Serialization } from "@mosaic/protocol-dubbo"
import { decodeDubboRequestBody, encodeDubboResponseBody } from "@mosaic/hessian2"
import { defaultLog, type DubboService } from "./types.ts"
import { errorMessage, javaException } from "./java-exception.ts"
import { serveFrames } from "./frame-loop.ts"

export interface DubboHandlerOptions {
  /** Services by interface name, e.g. "org.apache.dubbo.samples.UserProvider". */
  readonly services: Readonly<Record<string, DubboService>>
  /** The dubbo version sent back in response attachments; default "2.0.2". */
  readonly dubboVersion?: string
  readonly maxBodyBytes?: number
  readonly log?: (message: string) => void
  /** The dubbo protocol (decoder limits, heartbeat answers); default: one with `maxBodyBytes`. */
  readonly protocol?: Protocol<DubboFrame> | undefined
}

/** Dubbo's int form of "a.b.c[.d]" (2.0.2 -> 2000200); -1 when not numeric. */
export const dubboVersionInt = (v: string): number => {
  const parts = v.split(".")
  if (parts.length < 2 || parts.length > 4 || !parts.every((p) => /^\d{1,2}$/.test(p))) return -1
  while (parts.length < 4) parts.push("0")
  return parts.reduce((n, p) => n * 100 + Number(p), 0)
}

/** Responses carry attachments (flags 3-5) when the request's protocol version is in 2.0.2 .. 2.0.99 (2000200 .. 2009900), as Java Dubbo decides. */
export const supportsResponseAttachments = (v: string): boolean => {
  const n = dubboVersionInt(v)
  return n >= 2000200 && n <= 2009900
}

/** A connection handler for a Dubbo server: decode errors close this connection only, with a logged reason. */
export const dubboHandler = (options: DubboHandlerOptions) => {
  const log = options.log ?? defaultLog
  const dubboVersion = options.dubboVersion ?? "2.0.2"
  const protocol = options.protocol ?? new DubboProtocol({ maxBodySize: options.maxBodyBytes ?? 8 * 1024 * 1024 })
  return (conn: Connection, closed?: () => void): void => {
    const fail = (frame: DubboFrame, status: number, message: string) => {
      if (frame.twoWay && !conn.closed) conn.write(buildErrorResponse(frame, status, message))
    }
    const onRequest = (frame: DubboFrame) => {
      if (frame.serializationId !== Serialization.HESSIAN2) {
        return fail(frame, DubboStatus.BAD_REQUEST, `unsupported serialization id ${frame.serializationId}`)
      }
      let req: ReturnType<typeof decodeDubboRequestBody>
      try {
        req = decodeDubboRequestBody(frame.body)
      } catch (e) {
        return fail(frame, DubboStatus.BAD_REQUEST, `cannot decode the request: ${errorMessage(e)}`)
      }
      const iface = typeof req.attachments.interface === "string" ? req.attachments.interface : req.path
      const version = req.version ?? ""
      const group = typeof req.attachments.group === "string" ? req.attachments.group : ""
      const key = `${group === "" ? "" : group + "/"}${iface}${version === "" ? "" : ":" + version}`
      const service = Object.hasOwn(options.services, iface) ? options.services[iface] : undefined
      if (service === undefined || (service.version !== undefined && service.version !== version) || (service.group !== undefined && service.group !== group)) {
        return fail(frame, DubboStatus.SERVICE_NOT_FOUND, `Not found exported service: ${key}`)
      }
      const method = Object.hasOwn(service.methods, req.method) ? service.methods[req.method] : undefined
      if (typeof method !== "function") return fail(frame, DubboStatus.SERVICE_NOT_FOUND, `Can not find method: ${key}#${req.method}()`)
      const withAttachments = supportsResponseAttachments(req.dubboVersion)
      const attachments = withAttachments ? { dubbo: dubboVersion } : null
      Promise.resolve()
        .then(() => method.apply(service.methods, req.args))
        .then(
          (value) => ({ value: value ?? null, attachments }),
          (e: unknown) => ({ exception: javaException("java.lang.RuntimeException", errorMessage(e)), attachments })
        )
        .then((result) => {
          if (!frame.twoWay || conn.closed) return
          let body: Uint8Array
          try {
            body = encodeDubboResponseBody(result)
          } catch (e) {
            return fail(frame, DubboStatus.BAD_RESPONSE, `cannot encode the response: ${errorMessage(e)}`)
          }
          conn.write(encodeResponse({ requestId: frame.requestId, status: DubboStatus.OK, body }))
        })
    }
    serveFrames(conn, protocol, { request: onRequest }, log, closed)
  }
}
