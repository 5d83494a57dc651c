// The Dubbo protocol plugin value: frame kinds, exact u64 id rewrite, heartbeat events, hijack replies (status + message), health probe.
import {
  buildErrorResponse, createDubboDecoder, decodeFrame, type DubboFrame, type DubboLimits, DubboStatus, dubboStatusFromProxyCode,
  encodeHeartbeat, encodeHeartbeatReply, encodeResponse, FLAG_EVENT, FLAG_REQUEST, FLAG_TWOWAY, HEADER_LENGTH,
  isHeartbeat, MAGIC_HIGH, MAGIC_LOW, matchDubbo, writeRequestId
} from "../index.ts"
import { encodeDubboResponseBody } from "@mosaic/hessian2"
import { dubboMeta } from "@mosaic/transmeta"
import { DubboMessage } from "./dubbo-message.ts"
import { dubboAttachments, dubboHeader } from "./dubbo-route.ts"
import { DUBBO_HIJACK_STATUS, dubboStatusOfHttp } from "./hijack-status.ts"
import {
  type FrameDecoder, type FrameKind, type HealthProbe, type HijackCode, hijackCodeOf, hijackCodeOfHttpStatus, type MatchResult, type Message,
  type Protocol, type RequestView, timeoutHeaderMs
} from "@mosaic/protocol"

const ID = 4

/** A heartbeat reply is a bare header and a tiny body. */
const PROBE_LIMITS: DubboLimits = { maxBodySize: 64 * 1024 }

const u32 = (b: Uint8Array, p: number): number => ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0
const putU32 = (b: Uint8Array, p: number, v: number): void => {
  b[p] = v >>> 24
  b[p + 1] = v >>> 16
  b[p + 2] = v >>> 8
  b[p + 3] = v
}

/** `bytes` with the request's exact 8-byte id (ids past 2^53 do not survive a JS number). */
const withId = (bytes: Uint8Array, view: RequestView<DubboFrame>): Uint8Array => {
  putU32(bytes, ID, view.idHi)
  putU32(bytes, ID + 4, view.idLo)
  return bytes
}

export class DubboProtocol implements Protocol<DubboFrame> {
  readonly name = "dubbo"
  readonly family = "dubbo"
  /** Ids allocated on this side stay exact JS numbers. */
  readonly maxId = Number.MAX_SAFE_INTEGER
  readonly match: (bytes: Uint8Array) => MatchResult = matchDubbo
  /** `traceparent`/`tracestate` and `rpc-persist-*`/`rpc-transit-*` attachments. */
  readonly traceCodec = dubboMeta
  private readonly limits: DubboLimits | undefined

  constructor(limits?: DubboLimits) {
    this.limits = limits
  }

  createDecoder(): FrameDecoder<DubboFrame> {
    return createDubboDecoder(this.limits)
  }

  kind(f: DubboFrame): FrameKind {
    if (f.request) {
      if (f.event) return isHeartbeat(f) && f.twoWay ? "heartbeat" : "ignore"
      return f.twoWay ? "request" : "oneway"
    }
    return f.event ? "heartbeat-ack" : "response"
  }

  requestId(f: DubboFrame): number {
    return f.requestId
  }

  writeRequestId(raw: Uint8Array, id: number): void {
    writeRequestId(raw, id)
  }

  captureId(view: RequestView<DubboFrame>, raw: Uint8Array): void {
    view.idHi = u32(raw, ID)
    view.idLo = u32(raw, ID + 4)
  }

  restoreId(raw: Uint8Array, view: RequestView<DubboFrame>): void {
    withId(raw, view)
  }

  heartbeatReply(_f: DubboFrame, raw: Uint8Array): Uint8Array {
    const reply = encodeHeartbeatReply(0)
    reply.set(raw.subarray(ID, ID + 8), ID)
    return reply
  }

  heartbeat(id: number): Uint8Array {
    return encodeHeartbeat(id)
  }

  /** A heartbeat event; healthy when the event reply with the same id has status OK (20). */
  healthProbe = (id: number): HealthProbe => {
    const decoder = createDubboDecoder(PROBE_LIMITS)
    return {
      request: encodeHeartbeat(id),
      onData: (chunk) => {
        try {
          decoder.push(chunk)
          for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
            const f = d.frame
            if (!f.request && f.event && f.requestId === id) return f.status === DubboStatus.OK
          }
        } catch {
          return false
        }
        return undefined
      }
    }
  }

  /** The mapped status with a hessian2 string body saying why (flag 0x02, as MOSN's hijack replies). */
  hijack(view: RequestView<DubboFrame>, code: HijackCode, message: string): Uint8Array {
    return withId(buildErrorResponse(0, DUBBO_HIJACK_STATUS[code], `mosaic proxy: ${message}`), view)
  }

  directResponse(view: RequestView<DubboFrame>, status: number, body: string): Uint8Array {
    if (status >= 200 && status < 300) {
      return withId(encodeResponse({ requestId: 0, status: DubboStatus.OK, body: encodeDubboResponseBody({ value: body }) }), view)
    }
    const code = hijackCodeOfHttpStatus(status)
    return withId(buildErrorResponse(0, code === undefined ? dubboStatusFromProxyCode(status) : DUBBO_HIJACK_STATUS[code], body), view)
  }

  codecErrorReply(pending: Uint8Array, message: string): Uint8Array | undefined {
    if (pending.length < HEADER_LENGTH || pending[0] !== MAGIC_HIGH || pending[1] !== MAGIC_LOW) return undefined
    const flag = pending[2]!
    if ((flag & (FLAG_REQUEST | FLAG_TWOWAY)) !== (FLAG_REQUEST | FLAG_TWOWAY) || (flag & FLAG_EVENT) !== 0) return undefined
    const reply = buildErrorResponse(0, DUBBO_HIJACK_STATUS.CodecError, `mosaic proxy: ${message}`)
    reply.set(pending.subarray(ID, ID + 8), ID)
    return reply
  }

  header(view: RequestView<DubboFrame>, name: string): string | undefined {
    return dubboHeader(view, name)
  }

  hijackStatus(view: RequestView<DubboFrame>, status: number, reason: string): Uint8Array {
    const code = hijackCodeOf(status, reason)
    if (code !== undefined) return this.hijack(view, code, reason)
    return withId(buildErrorResponse(0, dubboStatusOfHttp(status), `mosaic proxy: ${reason}`), view)
  }

  message(frame: DubboFrame, _raw: Uint8Array, view: RequestView<DubboFrame> | undefined, log: (message: string) => void): Message {
    return new DubboMessage(frame, view !== undefined, view === undefined ? undefined : () => dubboAttachments(view), log)
  }

  responseStatus(frame: DubboFrame): number {
    return frame.status
  }

  /** OK 200; client/server timeout 504; bad request 400; service not found 404; thread pool exhausted 503; else 500. */
  httpStatus(frame: DubboFrame): number {
    switch (frame.status) {
      case DubboStatus.OK: return 200
      case DubboStatus.CLIENT_TIMEOUT:
      case DubboStatus.SERVER_TIMEOUT: return 504
      case DubboStatus.BAD_REQUEST: return 400
      case DubboStatus.SERVICE_NOT_FOUND: return 404
      case DubboStatus.SERVER_THREADPOOL_EXHAUSTED_ERROR: return 503
    }
    return 500
  }

  /** The `timeout` attachment (ms, a string or a number), as Dubbo consumers send it; reading it decodes the attachments. */
  requestTimeoutMs(view: RequestView<DubboFrame>): number {
    return timeoutHeaderMs(dubboHeader(view, "timeout")) ?? 0
  }

  decodeOne(bytes: Uint8Array): DubboFrame {
    return decodeFrame(bytes, this.limits)
  }
}
