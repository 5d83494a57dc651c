// The small codec adapter that makes the multiplexed pool protocol-agnostic (Bolt, Dubbo, ...).

/** A streaming decoder: push bytes, then take whole frames until undefined. Throws on bad input. */
export interface MuxDecoder<F> {
  push(chunk: Uint8Array): void
  next(): F | undefined
}

/** What an incoming frame is, from the client's side. */
export type FrameKind =
  /** The answer to one of our calls: matched to its pending call by id. */
  | "response"
  /** The answer to one of our heartbeats. */
  | "heartbeat-ack"
  /** The peer checks that we are alive: answer with `heartbeatReply`. */
  | "heartbeat"
  /** Anything else (e.g. a request from the server side): dropped. */
  | "ignore"

/**
 * One protocol's view for the pool. `Req` is whatever the channel prepared for one call (encoded
 * lazily, because the request id is only known once a connection is picked); `Res` is a decoded frame.
 */
export interface MuxCodec<Req, Res> {
  /** Protocol name, used in error messages. */
  readonly protocol: string
  /** Largest request id; ids wrap back to 1 after it (Bolt: 2^32 - 1; Dubbo: 2^53 - 1). */
  readonly maxId: number
  readonly createDecoder: () => MuxDecoder<Res>
  /** The wire bytes of `request` carrying `id`. May throw (reported as INTERNAL). */
  readonly encode: (request: Req, id: number) => Uint8Array
  readonly idOf: (frame: Res) => number
  readonly classify: (frame: Res) => FrameKind
  /** A heartbeat request with `id`; undefined when the protocol has none. */
  readonly heartbeat: (id: number) => Uint8Array | undefined
  /** The reply to a peer's heartbeat; undefined to stay silent. */
  readonly heartbeatReply: (frame: Res) => Uint8Array | undefined
}
