// A Dubbo request or response as stream filters see it: attachments as headers, the body, the status byte; re-encoded when changed.
import { type DubboFrame, DubboStatus, encodeFrame, Serialization } from "../index.ts"
import { type DubboAttachmentsAt, locateDubboRequestAttachments, locateDubboResponseAttachments, replaceDubboAttachments } from "@mosaic/hessian2"
import { ROUTE_DECODE_LIMITS } from "./route-limits.ts"
import { BaseMessage, RpcHeaders } from "@mosaic/protocol"

/**
 * Headers are the attachments of a hessian2 body: a request's (after its arguments), or an OK response's
 * (flags 3-5; a response without them gets them, flag + 3). Other bodies (error responses, other
 * serializations, undecodable ones) have none. Changed attachments are written in place of the old map,
 * the values before it kept byte for byte.
 */
export class DubboMessage extends BaseMessage {
  private readonly frame: DubboFrame
  private readonly request: boolean
  /** The attachments where the frame's body has them (requests: shared with routing). */
  private readonly locate: () => DubboAttachmentsAt | null
  private at: DubboAttachmentsAt | null | undefined = undefined

  constructor(frame: DubboFrame, request: boolean, locate: (() => DubboAttachmentsAt | null) | undefined, log: (message: string) => void) {
    super(request ? "dubbo request" : "dubbo response", log, frame.body, frame.status)
    this.frame = frame
    this.request = request
    this.locate = locate ?? (() => locateIn(frame.body, request, frame))
  }

  get headers(): RpcHeaders {
    if (this.map === undefined) {
      this.at = this.locate()
      this.map = new RpcHeaders(this.at?.attachments, this.what, this.log)
    }
    return this.map
  }
  override set status(s: number) {
    super.status = s & 0xff
  }
  override get status(): number {
    return this.statusValue
  }

  encode(): Uint8Array {
    let body = this.content
    if (this.map !== undefined && this.map.changed) {
      // a body a filter replaced has its own attachments to replace
      const at = this.bodySet ? locateIn(body, this.request, this.frame) : this.at
      if (at === null || at === undefined) this.log(`${this.what}: the body set by a filter has no attachments to change; they are left as they are`)
      else body = replaceDubboAttachments(body, at, this.map.entries as Map<string, unknown>)
    }
    // the id is written afterwards (requests: the upstream id; responses: the caller's exact 8 bytes)
    return encodeFrame({ flag: this.frame.flag, status: this.statusValue, requestId: 0, body })
  }
}

const locateIn = (body: Uint8Array, request: boolean, f: DubboFrame): DubboAttachmentsAt | null => {
  if (f.serializationId !== Serialization.HESSIAN2 || f.event || body.length === 0) return null
  if (!request && f.status !== DubboStatus.OK) return null
  try {
    return request ? locateDubboRequestAttachments(body, { limits: ROUTE_DECODE_LIMITS }) : locateDubboResponseAttachments(body, { limits: ROUTE_DECODE_LIMITS })
  } catch {
    return null
  }
}
