// The X-protocol adapter contract: what the proxy core needs from Bolt, Bolt v2 or Dubbo (MOSN's XProtocol).

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

/** The per-request state a protocol reads and writes (an XStream). */
export interface XRequestView<F> {
  readonly frame: F
  /** The downstream request id, exactly (Dubbo ids are u64: high and low 32 bits). */
  idHi: number
  idLo: number
  /** Protocol-owned cache of lazily decoded routing fields. */
  routeCache: unknown
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
}
