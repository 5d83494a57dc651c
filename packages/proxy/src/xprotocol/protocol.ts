// The X-protocol adapter contract: what the proxy core needs from Bolt, Bolt v2, Dubbo or TTHeader (MOSN's XProtocol).
import type { XHeaders } from "./x-headers.ts"

/** What a decoded frame is, from the proxy's point of view. */
export type XFrameKind =
  | "request" // two-way request: routed, forwarded, answered
  | "oneway" // request without an answer: routed and forwarded, never answered
  | "heartbeat" // a peer's heartbeat request: answered by the proxy itself
  | "response" // an answer, matched to its request by id
  | "heartbeat-ack" // the answer to a heartbeat
  | "goaway" // the peer asks for no new requests on this connection (MOSN bolt GOAWAY)
  | "ignore"

/** Why the proxy answers a request itself (proxy error reasons plus a bad frame). */
export type HijackCode =
  | "NoRoute"
  | "UnknownCluster"
  | "NoHealthyHost"
  | "Overflow"
  | "ConnectFailed"
  | "UpstreamReset"
  | "Timeout"
  | "Draining"
  | "CodecError"

export interface XDecoded<F> {
  readonly frame: F
  /** The frame's exact wire bytes (a view; rewritten in place). */
  readonly raw: Uint8Array
}

/** The protocol packages' streaming decoders have this shape. */
export interface XDecoder<F> {
  push(chunk: Uint8Array): unknown
  read(): XDecoded<F> | undefined
  pending(): Uint8Array
}

/** The per-request state a protocol reads and writes (an XProxyStream). */
export interface XRequestView<F> {
  readonly frame: F
  /** The downstream request id, exactly (Dubbo ids are u64: high and low 32 bits). */
  idHi: number
  idLo: number
  /** Protocol-owned cache of lazily decoded routing fields. */
  routeCache: unknown
  /** The request's headers once filters or route operations changed them (routing reads these); else undefined. */
  readonly changedHeaders?: XHeaders | undefined
}

/**
 * A request or response as stream filters see and change it, made on first use. Headers: Bolt header map,
 * Dubbo attachments, TTHeader string infos / THeader headers; frames without any have a read-only empty map.
 */
export interface XMessage {
  readonly headers: XHeaders
  /** Bolt content, Dubbo body, Thrift payload. */
  body: Uint8Array
  /** The protocol's own status (responses; see XProtocol.responseStatus). */
  status: number
  /** Headers, body or status were changed: `encode()` makes new bytes. */
  readonly changed: boolean
  /** The frame with the changes, through the protocol package's encoder (its id is set afterwards). */
  encode(): Uint8Array
}

export interface XProtocol<F> {
  /** Listener protocol name: "bolt", "boltv2" or "dubbo". */
  readonly name: string
  /** Largest request id the proxy allocates upstream; ids wrap back to 1 after it. */
  readonly maxId: number
  createDecoder(): XDecoder<F>
  kind(frame: F): XFrameKind
  /** The request id of a frame (upstream responses carry the proxy's own ids). */
  requestId(frame: F): number
  /** Overwrite the request id of one whole raw frame in place (Bolt v2 CRC recomputed). */
  writeRequestId(raw: Uint8Array, id: number): void
  /** Remember the downstream request's id (before it is rewritten). */
  captureId(view: XRequestView<F>, raw: Uint8Array): void
  /** Write the downstream request's id back into a raw response. */
  restoreId(raw: Uint8Array, view: XRequestView<F>): void
  /** The proxy's own answer to a peer's heartbeat request. */
  heartbeatReply(frame: F, raw: Uint8Array): Uint8Array
  /** A heartbeat request with `id` (sent upstream on idle connections); undefined when there is none. */
  heartbeat(id: number): Uint8Array | undefined
  /** The reply to a request the proxy answers itself. */
  hijack(view: XRequestView<F>, code: HijackCode, message: string): Uint8Array
  /** A route's `direct_response` (HTTP status and body) in this protocol. */
  directResponse(view: XRequestView<F>, status: number, body: string): Uint8Array
  /** The error reply to the undecodable frame starting `pending`, when its header is readable and it is a two-way request. */
  codecErrorReply(pending: Uint8Array, message: string): Uint8Array | undefined
  /** A routing header by lower-case name (the router's `match.headers`). */
  header(view: XRequestView<F>, lowerName: string): string | undefined
  /**
   * The reply for a status of the proxy's phase machine (HTTP-like: 404, 429, 500, 502, 503, 504, a filter's
   * own) with `reason`, in this protocol's terms (MOSN Hijacker.Mapping; see hijack-status.ts).
   */
  hijackStatus(view: XRequestView<F>, status: number, reason: string): Uint8Array
  /** A frame as filters see it: a downstream request (`view` given: its routing cache is shared) or a response. */
  message(frame: F, raw: Uint8Array, view: XRequestView<F> | undefined, log: (message: string) => void): XMessage
  /** A response's own status: Bolt respStatus, Dubbo status byte, Thrift 0 (Reply) / 1 (Exception). */
  responseStatus(frame: F): number
  /** A response's status as HTTP (MOSN's HTTPMapping), for retry_policy.status_codes. */
  httpStatus(frame: F): number
  /** The request's own deadline in ms (Bolt timeout, Dubbo `timeout` attachment, TTHeader RPCTimeout); 0 = none. */
  requestTimeoutMs(view: XRequestView<F>): number
  /** Decode one whole frame (the proxy's own replies, when filters look at them). */
  decodeOne(bytes: Uint8Array): F
}

/** Who waits on a multiplexed upstream connection: a downstream request's try, or a mirrored copy. */
export interface XUpstreamWaiter<F> {
  /** Not awaited: written without an entry in the connection's pending map. */
  readonly oneway: boolean
  /** The connection the request was written on, while its answer is awaited. */
  upstream: XUpstreamLink<F> | undefined
  /** The request's id on that connection. */
  upId: number
  /** The bytes to write once the connection opens, and the connection they wait for. */
  queuedRaw: Uint8Array | undefined
  queuedOn: unknown
  /** Set when the bytes were written (the upstream may have begun to process them). */
  tryWritten: boolean
  onUpstreamResponse(frame: F, raw: Uint8Array): void
  /** `failure` is an F_* of stream/retry-state.ts (F_CONNECT, F_RESET, F_OVERFLOW). */
  onUpstreamFailure(failure: number, message: string): void
}

/** What a waiter can do with the connection it was written on. */
export interface XUpstreamLink<F> {
  /** Stop waiting: a late answer to its id is dropped. */
  forget(w: XUpstreamWaiter<F>): void
}
