// The X-protocol test cases: one protocol's peers, client, frame builders and readers, so a test runs for Bolt, Dubbo and TTHeader alike.
import { type BoltFrame, createBoltDecoder, decodeFrame as decodeBoltFrame } from "@mosaic/protocol-bolt"
import { createDubboDecoder, decodeFrame as decodeDubboFrame, type DubboFrame } from "@mosaic/protocol-dubbo"
import { type KitexDecoded, payloadMessage } from "@mosaic/protocol-ttheader"
import { decode, decodeDubboResponseBody, decodeSofaResponse, encodeDubboResponseBody, encodeSofaResponse } from "@mosaic/hessian2"
import {
  type Answer, boltArg, boltCall, boltEchoPeer, boltReply, boltRpc, dubboArg, dubboAttachmentsOf, dubboCall, dubboEchoPeer, dubboReply,
  dubboRpc, kitexDecoder, type RpcClient, thrift, thriftString, ttArg, ttCall, ttEchoPeer, ttPayload, ttReply, ttRpc, xPeer, type XPeer
} from "./x-peers.ts"

/** One protocol's peers, client and frame readers, so that a test runs for Bolt, Dubbo and TTHeader alike. */
export interface XCase<F = any> {
  readonly name: "bolt" | "dubbo" | "ttheader"
  readonly echoPeer: (name: string, delayMs?: number) => Promise<XPeer<F>>
  readonly peer: (answer: (f: F) => Answer) => Promise<XPeer<F>>
  readonly rpc: (port: number) => Promise<RpcClient<F>>
  /** echo(arg) with request headers (Bolt header map, Dubbo attachments, TTHeader string infos) and a request timeout. */
  readonly call: (id: number, arg: string, headers?: Record<string, string>, timeoutMs?: number) => Uint8Array
  /** A request header as the upstream received it. */
  readonly requestHeader: (f: F, name: string) => string | undefined
  readonly arg: (f: F) => string
  /** An answer to `f` with `value` and response headers. */
  readonly reply: (f: F, value: string, headers?: Record<string, string>) => Uint8Array
  /** The protocol's status of an answer (Thrift: 0 reply, 1 exception). */
  readonly status: (f: F) => number
  /** The value of a successful answer, or the error text of a failed one. */
  readonly text: (f: F) => string
  readonly responseHeader: (f: F, name: string) => string | undefined
  /** The body of an echo(arg) request (Bolt content, Dubbo body, Thrift payload) and of an answer `value`. */
  readonly callBody: (arg: string) => Uint8Array
  readonly replyBody: (value: string) => Uint8Array
  readonly ok: number
  /** The error status for overload (rate limit, overflow) and for a proxy timeout. */
  readonly overload: number
  readonly timeout: number
}

const thriftStatus = (f: KitexDecoded): number => (payloadMessage(ttPayload(f))?.type === 3 ? 1 : 0)

export const xCases: ReadonlyArray<XCase> = [
  {
    name: "bolt",
    echoPeer: boltEchoPeer,
    peer: (answer) => xPeer(createBoltDecoder, (f: BoltFrame) => (f.cmdCode === 1 ? answer(f) : undefined)),
    rpc: boltRpc,
    call: (id, arg, headers = {}, timeoutMs) => boltCall(id, arg, headers, timeoutMs ?? 3000),
    requestHeader: (f: BoltFrame, name) => f.headers.get(name),
    arg: boltArg,
    reply: boltReply,
    status: (f: BoltFrame) => f.status,
    text: (f: BoltFrame) => {
      const r = decodeSofaResponse(f.content)
      return String(f.status === 0 ? r.appResponse : r.errorMsg)
    },
    responseHeader: (f: BoltFrame, name) => f.headers.get(name),
    callBody: (arg) => decodeBoltFrame(boltCall(0, arg)).content,
    replyBody: (value) => encodeSofaResponse({ appResponse: value }),
    ok: 0,
    overload: 4, // SERVER_THREADPOOL_BUSY
    timeout: 7
  },
  {
    name: "dubbo",
    echoPeer: dubboEchoPeer,
    peer: (answer) => xPeer(createDubboDecoder, (f: DubboFrame) => (f.event || !f.request ? undefined : answer(f))),
    rpc: dubboRpc,
    call: (id, arg, headers = {}, timeoutMs) => dubboCall(id, arg, { ...headers, ...(timeoutMs === undefined ? {} : { timeout: String(timeoutMs) }) }),
    requestHeader: (f: DubboFrame, name) => {
      const v = dubboAttachmentsOf(f)[name]
      return v === undefined ? undefined : String(v)
    },
    arg: dubboArg,
    reply: (f: DubboFrame, value, headers) => dubboReply(f, value, headers),
    status: (f: DubboFrame) => f.status,
    text: (f: DubboFrame) => String(f.status === 20 ? decodeDubboResponseBody(f.body).value : decode(f.body)),
    responseHeader: (f: DubboFrame, name) => {
      if (f.status !== 20) return undefined
      const v = decodeDubboResponseBody(f.body).attachments?.[name]
      return v === undefined ? undefined : String(v)
    },
    callBody: (arg) => decodeDubboFrame(dubboCall(0, arg)).body,
    replyBody: (value) => encodeDubboResponseBody({ value }),
    ok: 20,
    overload: 100, // SERVER_THREADPOOL_EXHAUSTED_ERROR
    timeout: 31
  },
  {
    name: "ttheader",
    echoPeer: ttEchoPeer,
    peer: (answer) => xPeer(kitexDecoder, answer),
    rpc: ttRpc,
    call: (id, arg, headers = {}, timeoutMs) => ttCall(id, arg, headers, timeoutMs),
    requestHeader: (f: KitexDecoded, name) => (f.kind === "ttheader" ? f.frame.strInfo.get(name) : undefined),
    arg: ttArg,
    reply: ttReply,
    status: thriftStatus,
    text: (f: KitexDecoded) => thriftString(ttPayload(f)),
    responseHeader: (f: KitexDecoded, name) => (f.kind === "ttheader" ? f.frame.strInfo.get(name) : undefined),
    callBody: (arg) => thrift(1, "echo", 0, 1, arg),
    replyBody: (value) => thrift(2, "echo", 0, 0, value),
    ok: 0,
    overload: 1, // a TApplicationException (INTERNAL_ERROR)
    timeout: 1
  }
]
