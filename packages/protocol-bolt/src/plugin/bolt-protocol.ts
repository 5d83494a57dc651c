// The Bolt / Bolt v2 protocol plugin value: frame kinds, id rewrite, heartbeats, hijack replies (SofaResponse errors), health probe.
import {
  type BoltFrame, type BoltLimits, BoltStatus, boltStatusFromProxyCode, boltStatusToHttp, buildErrorResponse, Codec, CmdCode,
  CmdType, createBoltDecoder, decodeFrame, encodeHeartbeat, heartbeatAckFor, isHeartbeatAck, matchBolt, RESPONSE_CLASS,
  SERVER_EXCEPTION_CLASS, writeRequestId
} from "../index.ts"
import { type Dialect, encode, encodeSofaResponse } from "@mosaic/hessian2"
import { boltMeta } from "@mosaic/transmeta"
import { BoltMessage } from "./bolt-message.ts"
import { boltHeader } from "./bolt-route.ts"
import { BOLT_HIJACK_STATUS, boltStatusOfHttp } from "./hijack-status.ts"
import {
  type FrameDecoder, type FrameKind, type HealthProbe, type HijackCode, hijackCodeOf, hijackCodeOfHttpStatus, type MatchResult, type Message,
  type Protocol, type RequestView
} from "@mosaic/protocol"

/** SofaRequest content opens with a class definition: 'C' in Hessian 2.0, 'O' in the draft SOFA writes by default. */
const dialectOf = (content: Uint8Array): Dialect => (content[0] === 0x43 ? "2.0" : "draft")

/** A Java RpcServerException (detailMessage, empty stack trace), as a SOFA server sends with an error status. */
const exceptionContent = (f: BoltFrame, message: string): Uint8Array =>
  encode({
    $class: SERVER_EXCEPTION_CLASS,
    $: { detailMessage: message, stackTrace: { $class: "[java.lang.StackTraceElement", $: [] }, cause: null }
  }, { dialect: dialectOf(f.content) })

/** A heartbeat ack is a bare header; anything near this size is not one. */
const PROBE_LIMITS: BoltLimits = { maxFrameSize: 64 * 1024, maxHeaderSize: 16 * 1024 }

/** Bolt v1 frames start with 1, v2 frames with 2: each protocol claims its own version only. */
const matchV1 = (b: Uint8Array): MatchResult => (b.length > 0 && b[0] !== 1 ? "no-match" : matchBolt(b))
const matchV2 = (b: Uint8Array): MatchResult => (b.length > 0 && b[0] !== 2 ? "no-match" : matchBolt(b))

export interface BoltProtocolOptions extends BoltLimits {
  /** v2 only: a CRC32 trailer on the heartbeats this side writes. Default false. */
  readonly crc?: boolean
}

export class BoltProtocol implements Protocol<BoltFrame> {
  readonly name: "bolt" | "boltv2"
  /** Bolt v1 and v2 frames keep their own version through a proxy: one family. */
  readonly family = "bolt"
  readonly maxId = 0xffffffff
  readonly match: (bytes: Uint8Array) => MatchResult
  /** SOFA tracer keys (`rpc_trace_context.*`) and `traceparent` in the header map. */
  readonly traceCodec = boltMeta
  private readonly version: 1 | 2
  private readonly limits: BoltLimits | undefined
  private readonly crc: boolean

  constructor(name: "bolt" | "boltv2", options?: BoltProtocolOptions) {
    this.name = name
    this.version = name === "boltv2" ? 2 : 1
    this.match = this.version === 2 ? matchV2 : matchV1
    this.crc = this.version === 2 && options?.crc === true
    if (options === undefined) this.limits = undefined
    else {
      const { crc: _crc, ...limits } = options
      this.limits = limits
    }
  }

  createDecoder(): FrameDecoder<BoltFrame> {
    return createBoltDecoder(this.limits)
  }

  kind(f: BoltFrame): FrameKind {
    if (f.type === CmdType.RESPONSE) {
      return f.cmdCode === CmdCode.RESPONSE ? "response" : f.cmdCode === CmdCode.HEARTBEAT ? "heartbeat-ack" : "ignore"
    }
    switch (f.cmdCode) {
      case CmdCode.REQUEST: return f.type === CmdType.ONEWAY ? "oneway" : "request"
      case CmdCode.HEARTBEAT: return f.type === CmdType.REQUEST ? "heartbeat" : "ignore"
      case CmdCode.GOAWAY: return "goaway"
    }
    return "ignore"
  }

  requestId(f: BoltFrame): number {
    return f.requestId
  }

  writeRequestId(raw: Uint8Array, id: number): void {
    writeRequestId(raw, id)
  }

  captureId(view: RequestView<BoltFrame>): void {
    view.idLo = view.frame.requestId
  }

  restoreId(raw: Uint8Array, view: RequestView<BoltFrame>): void {
    writeRequestId(raw, view.idLo)
  }

  heartbeatReply(f: BoltFrame): Uint8Array {
    return heartbeatAckFor(f)
  }

  heartbeat(id: number): Uint8Array {
    return this.crc ? encodeHeartbeat(id, this.version, { crc: true }) : encodeHeartbeat(id, this.version)
  }

  /** A heartbeat request; healthy when the heartbeat ack with the same id says SUCCESS. */
  healthProbe = (id: number): HealthProbe => {
    const decoder = createBoltDecoder(PROBE_LIMITS)
    return {
      request: encodeHeartbeat(id, this.version),
      onData: (chunk) => {
        try {
          decoder.push(chunk)
          for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
            if (isHeartbeatAck(d.frame) && d.frame.requestId === id) return d.frame.status === BoltStatus.SUCCESS
          }
        } catch {
          return false
        }
        return undefined
      }
    }
  }

  /** A response with the mapped status; for hessian requests the content is an RpcServerException saying why. */
  hijack(view: RequestView<BoltFrame>, code: HijackCode, message: string): Uint8Array {
    return this.errorReply(view.frame, BOLT_HIJACK_STATUS[code], `mosaic proxy: ${message}`)
  }

  directResponse(view: RequestView<BoltFrame>, status: number, body: string): Uint8Array {
    const f = view.frame
    if (status >= 200 && status < 300) {
      const content = f.codec === Codec.HESSIAN2 ? encodeSofaResponse({ appResponse: body }, { dialect: dialectOf(f.content) }) : undefined
      return buildErrorResponse(f, BoltStatus.SUCCESS, content === undefined ? {} : { className: RESPONSE_CLASS, content })
    }
    const code = hijackCodeOfHttpStatus(status)
    return this.errorReply(f, code === undefined ? boltStatusFromProxyCode(status) : BOLT_HIJACK_STATUS[code], body)
  }

  codecErrorReply(pending: Uint8Array): Uint8Array | undefined {
    const proto = pending[0]
    if (proto !== 1 && proto !== 2) return undefined
    const h = proto === 2 ? 1 : 0
    if (pending.length < 10 + 2 * h || pending[1 + h] !== CmdType.REQUEST) return undefined
    return buildErrorResponse(pending, BoltStatus.CODEC_EXCEPTION)
  }

  header(view: RequestView<BoltFrame>, name: string): string | undefined {
    return boltHeader(view, name)
  }

  hijackStatus(view: RequestView<BoltFrame>, status: number, reason: string): Uint8Array {
    const code = hijackCodeOf(status, reason)
    return code !== undefined ? this.hijack(view, code, reason) : this.errorReply(view.frame, boltStatusOfHttp(status), `mosaic proxy: ${reason}`)
  }

  message(frame: BoltFrame, _raw: Uint8Array, view: RequestView<BoltFrame> | undefined, log: (message: string) => void): Message {
    return new BoltMessage(frame, `${this.name} ${view === undefined ? "response" : "request"}`, log)
  }

  responseStatus(frame: BoltFrame): number {
    return frame.status
  }

  httpStatus(frame: BoltFrame): number {
    return boltStatusToHttp(frame.status)
  }

  /** The request frame's `timeout` field (ms); 0 or negative: none. */
  requestTimeoutMs(view: RequestView<BoltFrame>): number {
    const t = view.frame.timeout
    return t > 0 ? t : 0
  }

  decodeOne(bytes: Uint8Array): BoltFrame {
    return decodeFrame(bytes, this.limits)
  }

  private errorReply(f: BoltFrame, status: number, message: string): Uint8Array {
    if (f.codec !== Codec.HESSIAN2) return buildErrorResponse(f, status)
    return buildErrorResponse(f, status, { className: RESPONSE_CLASS, content: exceptionContent(f, message) })
  }
}
