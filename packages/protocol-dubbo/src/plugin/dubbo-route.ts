// Dubbo routing headers from the hessian2 request body: fixed fields first, attachments only when asked for.
import { type DubboFrame, Serialization } from "../index.ts"
import { createReader, type DubboAttachmentsAt, locateDubboRequestAttachments } from "@mosaic/hessian2"
import type { RequestView } from "@mosaic/protocol"
import { ROUTE_DECODE_LIMITS } from "./route-limits.ts"
import { headerValueText } from "@mosaic/protocol"

interface DubboHead {
  dubbo: string | undefined
  path: string | undefined
  version: string | undefined
  method: string | undefined
  /** undefined: not decoded yet; null: none or undecodable. */
  attachments: DubboAttachmentsAt | null | undefined
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)

/** The four values that open the body (dubbo version, path, version, method), read once; arguments are not read. */
const dubboHead = (view: RequestView<DubboFrame>): DubboHead => {
  const cached = view.routeCache as DubboHead | undefined
  if (cached !== undefined) return cached
  const head: DubboHead = { dubbo: undefined, path: undefined, version: undefined, method: undefined, attachments: null }
  const f = view.frame
  if (f.serializationId === Serialization.HESSIAN2 && f.body.length > 0) {
    head.attachments = undefined
    try {
      const r = createReader(f.body, { dialect: "2.0", limits: ROUTE_DECODE_LIMITS })
      head.dubbo = str(r.read())
      head.path = str(r.read())
      head.version = str(r.read())
      head.method = str(r.read())
    } catch {
      head.attachments = null
    }
  }
  view.routeCache = head
  return head
}

/**
 * The request's attachments as found in its body (the arguments are decoded, with limits, to reach them),
 * once per request; null for bodies that are not hessian2 or do not decode.
 */
export const dubboAttachments = (view: RequestView<DubboFrame>): DubboAttachmentsAt | null => {
  const head = dubboHead(view)
  if (head.attachments === undefined) {
    try {
      head.attachments = locateDubboRequestAttachments(view.frame.body, { limits: ROUTE_DECODE_LIMITS })
    } catch {
      head.attachments = null
    }
  }
  return head.attachments
}

/** An attachment as text: as filters left the attachments, else as decoded. */
const attachment = (view: RequestView<DubboFrame>, name: string): string | undefined => {
  const changed = view.changedHeaders
  if (changed !== undefined) return changed.get(name)
  const a = dubboAttachments(view)
  return a === null ? undefined : headerValueText(a.attachments.get(name))
}

/**
 * Dubbo routing headers (hessian2 bodies; other serializations have none): `dubbo` (protocol version),
 * `path`, `version`, `method` from the body's opening values; `service` = the `interface` attachment, else
 * the path (MOSN); any other name is looked up in the attachments (`group`, `interface`, `application`,
 * `timeout`, ...; strings, numbers and booleans as text). The attachments sit after the arguments, so they
 * are decoded (with limits) only for a route that asks for `service` or an attachment, once per request.
 */
export const dubboHeader = (view: RequestView<DubboFrame>, name: string): string | undefined => {
  const head = dubboHead(view)
  switch (name) {
    case "method": return head.method
    case "version": return head.version
    case "path": return head.path
    case "dubbo": return head.dubbo
    case "service": return attachment(view, "interface") ?? head.path
  }
  return attachment(view, name)
}
