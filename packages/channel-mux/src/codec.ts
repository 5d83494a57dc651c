// What a multiplexed channel gives the pool: its protocol (the @mosaic/protocol contract) and how to encode one call with an id.
import type { Protocol } from "@mosaic/protocol"

/**
 * `Req` is whatever the channel prepared for one call (encoded lazily, because the request id is only known
 * once a connection is picked); `F` is the protocol's decoded frame. Decoding, frame kinds, ids and
 * heartbeats come from `protocol`; the channel keeps request building.
 */
export interface MuxCodec<Req, F> {
  readonly protocol: Protocol<F>
  /** The wire bytes of `request` carrying `id`. May throw (reported as INTERNAL). */
  readonly encode: (request: Req, id: number) => Uint8Array
}
