// Who waits on a multiplexed upstream connection, and what it can do with it (the protocol contract is @mosaic/protocol).

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
