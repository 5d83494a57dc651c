// Redis RESP2 as a Mosaic protocol: ordered (no request ids), commands routed by name and first key, `-ERR` hijack replies, PING health probe.
import { BaseMessage, type FrameKind, type HealthProbe, type HijackCode, type Message, type Protocol, type RequestView, RpcHeaders } from "@mosaic/protocol"
import { RespDecoder } from "./decoder.ts"
import { encodeCommand, encodeError, encodeValue } from "./encoder.ts"
import { matchResp } from "./matcher.ts"
import { commandArgs, RespError, type RespLimits, type RespValue } from "./value.ts"

const text = new TextDecoder()
const utf8 = new TextEncoder()

/** The routing fields of a command, read once per request. */
interface RouteFields {
  readonly command: string | undefined
  readonly key: string | undefined
}

const routeFields = (view: RequestView<RespValue>): RouteFields => {
  if (view.routeCache !== undefined) return view.routeCache as RouteFields
  const args = commandArgs(view.frame)
  const fields: RouteFields = {
    command: args === undefined ? undefined : text.decode(args[0]!).toUpperCase(),
    key: args === undefined || args.length < 2 ? undefined : text.decode(args[1]!)
  }
  view.routeCache = fields
  return fields
}

/** A RESP value as filters see it: no headers; the body is the value's wire bytes (replace it to change the value). */
class RespMessage extends BaseMessage {
  get headers(): RpcHeaders {
    return (this.map ??= new RpcHeaders(undefined, this.what, this.log))
  }
  encode(): Uint8Array {
    return this.content
  }
}

/** Error replies that say "try again later" (a retry_policy on 503 retries them). */
const UNAVAILABLE = /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN)\b/

export class RespProtocol implements Protocol<RespValue> {
  readonly name = "resp"
  readonly family = "resp"
  /** Replies answer commands in order on a connection: there are no request ids. */
  readonly ordered = true
  readonly maxId = 0x7fffffff
  readonly match = matchResp
  private readonly limits: Partial<RespLimits>

  constructor(limits: Partial<RespLimits> = {}) {
    this.limits = limits
  }

  createDecoder(): RespDecoder {
    return new RespDecoder(this.limits)
  }

  decodeOne(bytes: Uint8Array): RespValue {
    const d = this.createDecoder()
    d.push(bytes)
    const r = d.read()
    if (r === undefined || d.pending().length > 0) throw new RespError("BadLine", "not exactly one RESP value")
    return r.frame
  }

  /** Every array is a command (a client sends nothing else); any other value is a reply. */
  kind(frame: RespValue): FrameKind {
    return frame.type === "array" ? "request" : "response"
  }

  requestId(): number {
    return 0
  }
  writeRequestId(): void {}
  captureId(): void {}
  restoreId(): void {}
  heartbeat(): undefined {
    return undefined
  }
  heartbeatReply(): undefined {
    return undefined
  }

  hijack(_view: RequestView<RespValue>, code: HijackCode, message: string): Uint8Array {
    return encodeError(`ERR mosaic proxy: ${message} (${code})`)
  }

  hijackStatus(_view: RequestView<RespValue>, status: number, reason: string): Uint8Array {
    return encodeError(`ERR mosaic proxy: ${reason} (${status})`)
  }

  /** A 2xx direct_response is its body as a bulk string; any other status an error reply with the body. */
  directResponse(_view: RequestView<RespValue>, status: number, body: string): Uint8Array {
    if (status >= 200 && status < 300) return encodeValue({ type: "bulk", value: utf8.encode(body) })
    return encodeError(`ERR ${body.length > 0 ? body : `status ${status}`}`)
  }

  codecErrorReply(_pending: Uint8Array, message: string): Uint8Array {
    return encodeError(`ERR Protocol error: ${message}`)
  }

  /** 1 for an error reply, else 0. */
  responseStatus(frame: RespValue): number {
    return frame.type === "error" ? 1 : 0
  }

  /** An error reply is 500, or 503 when it says "try again later" (LOADING, BUSY, TRYAGAIN, ...); anything else 200. */
  httpStatus(frame: RespValue): number {
    if (frame.type !== "error") return 200
    return UNAVAILABLE.test(frame.value) ? 503 : 500
  }

  /** `command` (and `method`): the command name upper-cased; `key`: the first argument. */
  header(view: RequestView<RespValue>, lowerName: string): string | undefined {
    switch (lowerName) {
      case "command":
      case "method":
        return routeFields(view).command
      case "key":
        return routeFields(view).key
    }
    return undefined
  }

  requestTimeoutMs(): number {
    return 0
  }

  message(frame: RespValue, raw: Uint8Array, view: RequestView<RespValue> | undefined, log: (message: string) => void): Message {
    return new RespMessage(view === undefined ? "resp reply" : "resp command", log, raw, this.responseStatus(frame))
  }

  /** `PING` answered by `+PONG`. */
  healthProbe = (): HealthProbe => {
    const d = this.createDecoder()
    return {
      request: encodeCommand(["PING"]),
      onData: (chunk) => {
        try {
          d.push(chunk)
          const r = d.read()
          return r === undefined ? undefined : r.frame.type === "simple" && r.frame.value === "PONG"
        } catch {
          return false
        }
      }
    }
  }
}
