// Bolt routing headers: the SOFA header map as sent, plus service / method / interface / version from the SofaRequest.
import { type BoltFrame, Codec, REQUEST_CLASS } from "../index.ts"
import { createReader } from "@mosaic/hessian2"
import type { RequestView } from "@mosaic/protocol"
import { ROUTE_DECODE_LIMITS } from "./route-limits.ts"

interface SofaHead {
  readonly service: string | undefined
  readonly method: string | undefined
  readonly app: string | undefined
}

const NONE: SofaHead = { service: undefined, method: undefined, app: undefined }

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined)

/** The SofaRequest object at the start of the content (its arguments follow and are not read); decoded once. */
const sofaHead = (view: RequestView<BoltFrame>): SofaHead => {
  const cached = view.routeCache as SofaHead | undefined
  if (cached !== undefined) return cached
  let head = NONE
  const f = view.frame
  if (f.codec === Codec.HESSIAN2 && f.className === REQUEST_CLASS && f.content.length > 0) {
    try {
      const v = createReader(f.content, { limits: ROUTE_DECODE_LIMITS }).read() as Record<string, unknown> | null
      if (v !== null && typeof v === "object") {
        head = { service: str(v.targetServiceUniqueName), method: str(v.methodName), app: str(v.targetAppName) }
      }
    } catch {
      // undecodable content: no derived routing fields (the upstream reports the error)
    }
  }
  view.routeCache = head
  return head
}

/** The header map as filters left it. */
const map = (view: RequestView<BoltFrame>): { get(name: string): string | undefined } => view.changedHeaders ?? view.frame.headers

/** The SOFA service unique name: header `service`, else `sofa_head_target_service`, else the SofaRequest's. */
const service = (view: RequestView<BoltFrame>): string | undefined =>
  map(view).get("service") ?? map(view).get("sofa_head_target_service") ?? sofaHead(view).service

/**
 * Bolt routing headers. Every entry of the frame's header map is a header as it is (MOSN). When the map
 * lacks them, derived keys: `service` (unique name "iface:version[:uniqueId]"), `method`
 * (`sofa_head_method_name`, else the SofaRequest's methodName), `interface` and `version` (parts of the
 * unique name), `target_app` (targetAppName). Deriving decodes only the SofaRequest head, once per request.
 */
export const boltHeader = (view: RequestView<BoltFrame>, name: string): string | undefined => {
  const changed = view.changedHeaders
  const h = changed === undefined ? view.frame.headers.get(name) : changed.get(name)
  if (h !== undefined) return h
  switch (name) {
    case "service":
      return service(view)
    case "method":
      return map(view).get("sofa_head_method_name") ?? sofaHead(view).method
    case "interface":
    case "version": {
      const s = service(view)
      if (s === undefined) return undefined
      const parts = s.split(":")
      return name === "interface" ? parts[0] : parts[1]
    }
    case "target_app":
      return map(view).get("sofa_head_target_app") ?? sofaHead(view).app
  }
  return undefined
}
