// The Bolt / Bolt v2 X-protocol adapter: frame kinds, id rewrite, heartbeats, hijack replies (SofaResponse errors).
import {
  type BoltFrame, type BoltLimits, BoltStatus, boltStatusFromProxyCode, boltStatusToHttp, buildErrorResponse, Codec, CmdCode,
  CmdType, createBoltDecoder, decodeFrame, encodeHeartbeat, heartbeatAckFor, RESPONSE_CLASS, SERVER_EXCEPTION_CLASS,
  writeRequestId
} from "@mosaic/protocol-bolt"
import { type Dialect, encode, encodeSofaResponse } from "@mosaic/hessian2"
import { BoltMessage } from "./bolt-message.ts"
import { boltHeader } from "./bolt-route.ts"
import { BOLT_HIJACK_STATUS, boltStatusOfHttp, hijackCodeOf, hijackCodeOfHttpStatus } from "./hijack-status.ts"
import type { HijackCode, XDecoder, XFrameKind, XMessage, XProtocol, XRequestView } from "./protocol.ts"

/** SofaRequest content opens with a class definition: 'C' in Hessian 2.0, 'O' in the draft SOFA writes by default. */
const dialectOf = (content: Uint8Array): Dialect => (content[0] === 0x43 ? "2.0" : "draft")

/** A Java RpcServerException (detailMessage, empty stack trace), as a SOFA server sends with an error status. */
const exceptionContent = (f: BoltFrame, message: string): Uint8Array =>
  encode({
    $class: SERVER_EXCEPTION_CLASS,
    $: { detailMessage: message, stackTrace: { $class: "[java.lang.StackTraceElement", $: [] }, cause: null }
  }, { dialect: dialectOf(f.content) })

export class BoltProtocol implements XProtocol<BoltFrame> {
  readonly name: "bolt" | "boltv2"
  readonly maxId = 0xffffffff
  private readonly version: 1 | 2
  private readonly limits: BoltLimits | undefined

  constructor(name: "bolt" | "boltv2", limits?: BoltLimits) {
    this.name = name
    this.version = name === "boltv2" ? 2 : 1
    this.limits = limits
  }

  createDecoder(): XDecoder<BoltFrame> {
    return createBoltDecoder(this.limits)
  }

  kind(f: BoltFrame): XFrameKind {
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

  captureId(view: XRequestView<BoltFrame>): void {
    view.idLo = view.frame.requestId
  }

  restoreId(raw: Uint8Array, view: XRequestView<BoltFrame>): void {
    writeRequestId(raw, view.idLo)
  }

  heartbeatReply(f: BoltFrame): Uint8Array {
    return heartbeatAckFor(f)
  }

  heartbeat(id: number): Uint8Array {
    return encodeHeartbeat(id, this.version)
  }

  /** A response with the mapped status; for hessian requests the content is an RpcServerException saying why. */
  hijack(view: XRequestView<BoltFrame>, code: HijackCode, message: string): Uint8Array {
    return this.errorReply(view.frame, BOLT_HIJACK_STATUS[code], `mosaic proxy: ${message}`)
  }

  directResponse(view: XRequestView<BoltFrame>, status: number, body: string): Uint8Array {
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

  header(view: XRequestView<BoltFrame>, name: string): string | undefined {
    return boltHeader(view, name)
  }

  hijackStatus(view: XRequestView<BoltFrame>, status: number, reason: string): Uint8Array {
    const code = hijackCodeOf(status, reason)
    return code !== undefined ? this.hijack(view, code, reason) : this.errorReply(view.frame, boltStatusOfHttp(status), `mosaic proxy: ${reason}`)
  }

  message(frame: BoltFrame, _raw: Uint8Array, view: XRequestView<BoltFrame> | undefined, log: (message: string) => void): XMessage {
    return new BoltMessage(frame, `${this.name} ${view === undefined ? "response" : "request"}`, log)
  }

  responseStatus(frame: BoltFrame): number {
    return frame.status
  }

  httpStatus(frame: BoltFrame): number {
    return boltStatusToHttp(frame.status)
  }

  /** The request frame's `timeout` field (ms); 0 or negative: none. */
  requestTimeoutMs(view: XRequestView<BoltFrame>): number {
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
