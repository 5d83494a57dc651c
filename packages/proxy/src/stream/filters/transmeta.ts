// Built-in stream filter `transmeta`: Kitex's meta handler on every protocol: read the call's trace and keys, fill the formats the request lacks.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { ensureTrace, type HeaderView, httpMeta, type WriteOptions } from "@mosaic/transmeta"
import { type HeaderMap, type StreamFilter, StreamFilterKind, StreamFilterStatus } from "../filter.ts"

export const TransmetaFilterConfig = Schema.Struct({
  /** A request that carries no trace in any known format gets a new one (random W3C ids). */
  generate_trace: Schema.Boolean.pipe(Schema.withDecodingDefault(Effect.succeed(false))),
  /** HTTP/1 only: also write B3 headers (`single` = `b3`, `multi` = `x-b3-*`) when they are missing. */
  b3: Schema.Literals(["none", "single", "multi"]).pipe(Schema.withDecodingDefault(Effect.succeed("none" as const)))
})
export type TransmetaFilterConfig = typeof TransmetaFilterConfig.Type

/** The request's MetaInfo, for later filters: `stream.getVariable(META_VARIABLE)`. */
export const META_VARIABLE = "transmeta"

/**
 * A HeaderView over a filter's HeaderMap that only writes what changes: codecs write keys that are
 * missing, and an unchanged frame keeps the raw forwarding path (no re-encode).
 */
const viewOf = (map: HeaderMap): HeaderView => ({
  get: (key) => map.get(key),
  set: (key, value) => {
    if (map.get(key) !== value) map.set(key, value)
  },
  forEach: (f) => map.forEach(f)
})

const noOptions: WriteOptions = {}

/**
 * At before_route: read the call's metadata in the downstream protocol's keys (HTTP/1's own codec, else the
 * one its protocol supplies, `Protocol.traceCodec`; a protocol without one is left alone), give it a trace
 * when asked and it has none, and write back the formats the request lacks (an RPC call with only
 * `traceparent` gets its protocol's own trace keys, an HTTP call with only B3 or SOFA keys gets
 * `traceparent`), so the upstream sees the trace in its own keys. Keys the request already has are never
 * changed. The deadline keys are the stream's own business (the request's deadline caps the route timeout).
 */
export const transmetaFilter = (config: TransmetaFilterConfig): StreamFilter => {
  const httpOptions: WriteOptions = config.b3 === "none" ? noOptions : { b3: config.b3 }
  return {
    beforeRoute: (s) => {
      const http = s.protocol === "Http1"
      const codec = http ? httpMeta : s.traceCodec
      if (codec === undefined) return StreamFilterStatus.Continue
      const view = viewOf(s.requestHeaders)
      const meta = codec.read(view)
      ensureTrace(meta, config.generate_trace)
      if (meta.trace !== undefined) {
        // the deadline is not written back: the stream reads it from the protocol's own field
        codec.write({ ...meta, deadline: undefined }, view, http ? httpOptions : noOptions)
      }
      s.setVariable(META_VARIABLE, meta)
      return StreamFilterStatus.Continue
    }
  }
}

export const transmetaPlugin = definePlugin(StreamFilterKind, {
  name: "transmeta",
  description: "read each call's trace and metadata in its protocol's keys; fill in the trace formats it lacks (optionally a new trace)",
  config: TransmetaFilterConfig,
  make: (config: TransmetaFilterConfig) => Effect.sync(() => transmetaFilter(config))
})
