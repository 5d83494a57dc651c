// Built-in stream filter `header`: request/response header add/remove (the route-level field names) on any listener.
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { headerOpsFields, type HeaderValueOption } from "../../config/router.ts"
import { type HeaderMap, type StreamFilter, StreamFilterKind, StreamFilterStatus } from "../filter.ts"

export const HeaderFilterConfig = Schema.Struct(headerOpsFields)
export type HeaderFilterConfig = typeof HeaderFilterConfig.Type

const apply = (map: HeaderMap, remove: ReadonlyArray<string>, add: ReadonlyArray<HeaderValueOption>): void => {
  for (const name of remove) map.del(name)
  for (const { header, append } of add) {
    if (append) map.add(header.key, header.value)
    else map.set(header.key, header.value)
  }
}

/** Request operations at before_route (so routing sees them), response operations at before_send; removals first. */
export const headerFilter = (config: HeaderFilterConfig): StreamFilter => {
  const req = config.request_headers_to_remove.length + config.request_headers_to_add.length > 0
  const res = config.response_headers_to_remove.length + config.response_headers_to_add.length > 0
  return {
    beforeRoute: req
      ? (s) => {
        apply(s.requestHeaders, config.request_headers_to_remove, config.request_headers_to_add)
        return StreamFilterStatus.Continue
      }
      : undefined,
    beforeSend: res
      ? (s) => {
        apply(s.responseHeaders, config.response_headers_to_remove, config.response_headers_to_add)
        return StreamFilterStatus.Continue
      }
      : undefined
  }
}

export const headerPlugin = definePlugin(StreamFilterKind, {
  name: "header",
  description: "add/remove request headers (before routing) and response headers (before sending)",
  config: HeaderFilterConfig,
  make: (config: HeaderFilterConfig) => Effect.sync(() => headerFilter(config))
})
