// A proxy stream filter `strip_prefix`: HTTP/1 paths under a prefix lose it before routing; the response says so in a header.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { type StreamFilter, StreamFilterKind, StreamFilterStatus } from "@mosaic/proxy"

/** The filter's config, as it appears under a listener's `stream_filters[i].config`. */
export const StripPrefixConfig = Schema.Struct({
  /** The prefix to remove, e.g. "/api" (a path "/api/users" is routed and sent as "/users"). */
  prefix: Schema.String.check(Schema.isPattern(/^\/.*[^/]$/, { message: 'a path prefix like "/api" (leading "/", no trailing "/")' })),
  /** Response header naming the prefix that was removed ("" for none). */
  response_header: Schema.String.pipe(Schema.withDecodingDefault(Effect.succeed("x-stripped-prefix")))
})
export type StripPrefixConfig = typeof StripPrefixConfig.Type

const STRIPPED = "strip_prefix.stripped"

/** One value serves every request of the listener: per-request state goes in the stream's variables. */
export const stripPrefixFilter = (config: StripPrefixConfig): StreamFilter => ({
  beforeRoute: (stream) => {
    const path = stream.path
    if (path === config.prefix || path.startsWith(config.prefix + "/")) {
      stream.path = path.slice(config.prefix.length) || "/"
      stream.setVariable(STRIPPED, true)
    }
    return StreamFilterStatus.Continue
  },
  beforeSend: config.response_header === ""
    ? undefined
    : (stream) => {
      if (stream.getVariable(STRIPPED) === true) stream.responseHeaders.set(config.response_header, config.prefix)
      return StreamFilterStatus.Continue
    }
})

export const stripPrefixPlugin = definePlugin(StreamFilterKind, {
  name: "strip_prefix",
  description: "remove a path prefix from HTTP/1 requests before routing",
  config: StripPrefixConfig,
  make: (config) => Effect.sync(() => stripPrefixFilter(config))
})
