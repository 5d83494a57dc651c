// Serves SOFARPC over Bolt on one connection: SofaRequest dispatch, replies in the request's dialect (framing and heartbeats: the bolt Protocol).
import type { Connection } from "@mosaic/transport"
import type { Protocol } from "@mosaic/protocol"
import { type BoltFrame, BoltProtocol, BoltStatus, buildErrorResponse, Codec, CmdType } from "@mosaic/protocol-bolt"
import { type Dialect, decodeSofaRequest, encode, encodeSofaResponse, SOFA_REQUEST_CLASS, SOFA_RESPONSE_CLASS } from "@mosaic/hessian2"
import { type BoltService, defaultLog } from "./types.ts"
import { errorMessage, javaException } from "./java-exception.ts"
import { serveFrames } from "./frame-loop.ts"

export const SERVER_EXCEPTION_CLASS = "com.alipay.remoting.rpc.exception.RpcServerException"

export interface BoltHandlerOptions {
  /** Services by unique name, e.g. "com.example.EchoService:1.0". */
  readonly services: Readonly<Record<string, BoltService>>
  /** "auto" (default): reply in the dialect the request used; or force one. */
  readonly dialect?: Dialect | "auto"
  readonly maxFrameBytes?: number
  readonly log?: (message: string) => void
  /** The bolt protocol (decoder limits, heartbeat answers); default: one with `maxFrameBytes`. Bolt v1 and v2 frames are both served. */
  readonly protocol?: Protocol<BoltFrame> | undefined
}

/** SofaRequest bodies open with a class definition: 'C' (0x43) in Hessian 2.0, 'O' in the draft. */
const dialectOf = (content: Uint8Array): Dialect => content[0] === 0x43 ? "2.0" : "draft"

/** A connection handler for a Bolt server: decode errors close this connection only, with a logged reason. */
export const boltHandler = (options: BoltHandlerOptions) => {
  const log = options.log ?? defaultLog
  const protocol = options.protocol ?? new BoltProtocol("bolt", { maxFrameSize: options.maxFrameBytes ?? 16 * 1024 * 1024 })
  return (conn: Connection, closed?: () => void): void => {
    const reply = (frame: BoltFrame, status: number, content: Uint8Array) => {
      if (!conn.closed) conn.write(buildErrorResponse(frame, status, { className: SOFA_RESPONSE_CLASS, content }))
    }
    const fail = (frame: BoltFrame, status: number, message: string, dialect: Dialect) => {
      if (frame.type === CmdType.ONEWAY) return
      reply(frame, status, encode(javaException(SERVER_EXCEPTION_CLASS, message), { dialect }))
    }
    const onRequest = (frame: BoltFrame) => {
      const forced = options.dialect === undefined || options.dialect === "auto" ? undefined : options.dialect
      if (frame.codec !== Codec.HESSIAN2) return fail(frame, BoltStatus.CODEC_EXCEPTION, `unsupported codec ${frame.codec}`, forced ?? "draft")
      if (frame.className !== SOFA_REQUEST_CLASS) {
        return fail(frame, BoltStatus.NO_PROCESSOR, `no processor for request class "${frame.className}"`, forced ?? "draft")
      }
      const dialect = forced ?? dialectOf(frame.content)
      let req: ReturnType<typeof decodeSofaRequest>
      try {
        req = decodeSofaRequest(frame.content)
      } catch (e) {
        return fail(frame, BoltStatus.SERVER_DESERIAL_EXCEPTION, `cannot decode the SofaRequest: ${errorMessage(e)}`, dialect)
      }
      const id = req.targetServiceUniqueName || frame.headers.get("service") || ""
      const service = options.services[id]
      if (service === undefined) return fail(frame, BoltStatus.SERVER_EXCEPTION, `Can not find service: ${id}`, dialect)
      const method = Object.hasOwn(service, req.methodName) ? service[req.methodName] : undefined
      if (typeof method !== "function") {
        return fail(frame, BoltStatus.SERVER_EXCEPTION, `Can not find method: ${id}#${req.methodName}()`, dialect)
      }
      Promise.resolve()
        .then(() => method.apply(service, req.args))
        .then(
          (value) => ({ appResponse: value }),
          (e: unknown) => ({ isError: true, errorMsg: errorMessage(e) })
        )
        .then((response) => {
          if (frame.type === CmdType.ONEWAY || conn.closed) return
          let content: Uint8Array
          try {
            content = encodeSofaResponse(response, { dialect })
          } catch (e) {
            return fail(frame, BoltStatus.SERVER_SERIAL_EXCEPTION, `cannot encode the response: ${errorMessage(e)}`, dialect)
          }
          reply(frame, BoltStatus.SUCCESS, content)
        })
    }
    serveFrames(conn, protocol, {
      request: onRequest,
      // an unknown command on a request: no processor for it
      other: (frame) => { if (frame.type === CmdType.REQUEST) reply(frame, BoltStatus.NO_PROCESSOR, new Uint8Array(0)) }
    }, log, closed)
  }
}
