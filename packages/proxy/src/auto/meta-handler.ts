// Kitex's TransMetaHandler on an Auto listener's pipeline: `on_message` reads each request's call metadata and fills in the trace formats it lacks.
import type { InboundHandler } from "@mosaic/detect"
import type { StreamFilterHandler } from "../stream/filter.ts"
import { type TransmetaFilterConfig, transmetaFilter } from "../stream/filters/transmeta.ts"
import type { AutoContext } from "./auto-accept.ts"

/**
 * The `transmeta` stream filter's work as a pipeline handler (Kitex puts its meta handler at the head of
 * the pipeline): per decoded request, before the limiters and the listener's stream filters. HTTP/2 streams
 * (message undefined) are the ingress's business.
 */
export const createMetaHandler = (config: TransmetaFilterConfig): InboundHandler<AutoContext, StreamFilterHandler | undefined> => {
  const run = transmetaFilter(config).beforeRoute!
  return {
    onMessage: (_c, message) => {
      if (message !== undefined) run(message)
      return undefined
    }
  }
}
