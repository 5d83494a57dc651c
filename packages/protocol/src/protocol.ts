// The protocol contract: what a proxy, a channel, detection and health checks need from one wire protocol (MOSN's XProtocol).
import type { HeaderView, MetaCodec } from "@mosaic/transmeta"
import type { FrameHeaders } from "./header-map.ts"
import type { HijackCode } from "./hijack.ts"
import type { Message } from "./message.ts"

/** A matcher's verdict on the first bytes of a connection: need more bytes, this protocol, or not this one. */
export type MatchResult = "again" | "match" | "no-match"

/** What a decoded frame is. */
export type FrameKind =
  | "request" // two-way request: routed, forwarded, answered
  | "oneway" // request without an answer: routed and forwarded, never answered
  | "heartbeat" // a peer's heartbeat request: answered with `heartbeatReply`
  | "response" // an answer, matched to its request by id
  | "heartbeat-ack" // the answer to a heartbeat
  | "goaway" // the peer asks for no new requests on this connection (MOSN bolt GOAWAY)
  | "ignore"

export interface Decoded<F> {
  readonly frame: F
  /** The frame's exact wire bytes (a view; may be rewritten in place). */
  readonly raw: Uint8Array
}

/**
 * A streaming decoder with the protocol's size limits: push chunks, then read whole frames until undefined.
 * Throws a tagged error with a `reason` (see isProtocolDecodeError) on a bad or oversized frame. An ordered
 * protocol whose messages have bodies of unknown length may hand out a head frame and its body in parts.
 */
export interface FrameDecoder<F> {
  push(chunk: Uint8Array): unknown
  read(): Decoded<F> | undefined
  /** The bytes of the frame being decoded (for an error reply to a bad frame). */
  pending(): Uint8Array
}

/** The per-request state a protocol reads and writes (the proxy's stream for one request). */
export interface RequestView<F> {
  readonly frame: F
  /** The downstream request id, exactly (Dubbo ids are u64: high and low 32 bits). */
  idHi: number
  idLo: number
  /** Protocol-owned cache of lazily decoded routing fields. */
  routeCache: unknown
  /** The request's headers once filters or route operations changed them (routing reads these); else undefined. */
  readonly changedHeaders?: FrameHeaders | undefined
}

/** One health check exchange: the bytes to write, then the replies' bytes until a verdict. */
export interface HealthProbe {
  readonly request: Uint8Array
  /** true healthy, false unhealthy, undefined: not decided yet (more bytes needed). */
  onData(chunk: Uint8Array): boolean | undefined
}

export interface Protocol<F = any> {
  /** The registered name, lower-case: "bolt", "boltv2", "dubbo", "ttheader". */
  readonly name: string
  /**
   * Protocols of one family interoperate: a proxy listener may speak one downstream and another upstream,
   * and Auto's `detect.protocols` names families (bolt and boltv2 are the family "bolt"). Default: `name`.
   */
  readonly family: string
  /**
   * true: replies answer requests in order on a connection and carry no request id (HTTP/1, Redis RESP). A
   * proxy then runs a downstream connection's requests one after another, writes each reply before the next
   * request starts, and sends them on upstream connections that belong to that downstream connection for its
   * life (a transaction or a selected database never leaks to another client); the next frame an upstream
   * connection decodes answers the request written on it. Ids (`maxId`, `requestId`, `writeRequestId`,
   * `captureId`, `restoreId`) and heartbeats are not used. Absent or false: multiplexed by request id.
   */
  readonly ordered?: boolean
  /** Largest request id a client allocates; ids wrap back to 1 after it. */
  readonly maxId: number
  /** Looks at the first bytes of a connection (Auto detection); absent: not detectable on a shared port. */
  readonly match?: (bytes: Uint8Array) => MatchResult
  createDecoder(): FrameDecoder<F>
  /** Decode one whole frame (replies a proxy made itself, when filters look at them). */
  decodeOne(bytes: Uint8Array): F
  kind(frame: F): FrameKind
  /** The request id of a frame. */
  requestId(frame: F): number
  /** Overwrite the request id of one whole raw frame in place (checksums recomputed). */
  writeRequestId(raw: Uint8Array, id: number): void
  /** Remember the downstream request's exact id (before it is rewritten). */
  captureId(view: RequestView<F>, raw: Uint8Array): void
  /** Write the downstream request's id back into a raw response. */
  restoreId(raw: Uint8Array, view: RequestView<F>): void
  /** A heartbeat request with `id`; undefined when the protocol has none. */
  heartbeat(id: number): Uint8Array | undefined
  /** The answer to a peer's heartbeat request; undefined to stay silent. */
  heartbeatReply(frame: F, raw: Uint8Array): Uint8Array | undefined
  /** The reply to a request answered without its server, for a reason. */
  hijack(view: RequestView<F>, code: HijackCode, message: string): Uint8Array
  /**
   * The reply for an HTTP-like status of a proxy's phase machine (404, 429, 500, 502, 503, 504, a filter's
   * own) with `reason`, in this protocol's terms (MOSN Hijacker.Mapping).
   */
  hijackStatus(view: RequestView<F>, status: number, reason: string): Uint8Array
  /** A route's `direct_response` (HTTP status and body) in this protocol. */
  directResponse(view: RequestView<F>, status: number, body: string): Uint8Array
  /** The error reply to the undecodable frame starting `pending`, when its header is readable and it is a two-way request. */
  codecErrorReply(pending: Uint8Array, message: string): Uint8Array | undefined
  /** A response's own status (Bolt respStatus, Dubbo status byte, Thrift 0 Reply / 1 Exception). */
  responseStatus(frame: F): number
  /** A response's status as HTTP (MOSN's HTTPMapping), for retry_policy.status_codes. */
  httpStatus(frame: F): number
  /** A routing key by lower-case name (a router's `match.headers`). */
  header(view: RequestView<F>, lowerName: string): string | undefined
  /** The request's own deadline in ms (Bolt timeout, Dubbo `timeout` attachment, TTHeader RPCTimeout); 0 = none. */
  requestTimeoutMs(view: RequestView<F>): number
  /** A frame as filters see it: a request (`view` given: its routing cache is shared) or a response. */
  message(frame: F, raw: Uint8Array, view: RequestView<F> | undefined, log: (message: string) => void): Message
  /** An active health check exchange (`id` for its request); absent: the protocol has none (TCP connect is used). */
  readonly healthProbe?: (id: number) => HealthProbe
  /**
   * How this protocol carries a call's trace and metadata keys in its request headers (as filters see them, `Message.headers`):
   * a @mosaic/transmeta codec over a string-keyed header view. Absent: the `transmeta` stream filter leaves its calls alone.
   */
  readonly traceCodec?: MetaCodec<HeaderView>
}
