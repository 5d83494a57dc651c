// Http1Error: the tagged error for every HTTP/1 decode and encode failure, with the status to reply.

export type Http1ErrorReason =
  | "BadStartLine"
  | "BadVersion"
  | "BadHeader"
  | "MissingHost"
  | "HeaderTooLarge"
  | "TooManyHeaders"
  | "BadContentLength"
  | "BodyTooLarge"
  | "UnsupportedTransferEncoding"
  | "BadChunk"
  | "Truncated"
  | "InvalidField"

export class Http1Error extends Error {
  readonly _tag = "Http1Error" as const
  readonly reason: Http1ErrorReason
  /** HTTP status a server replies with to the sender of the bad bytes (502 for response decoders). */
  readonly status: number
  constructor(reason: Http1ErrorReason, status: number, message: string) {
    super(`http1: ${reason}: ${message}`)
    this.name = "Http1Error"
    this.reason = reason
    this.status = status
  }
}

export const isHttp1Error = (e: unknown): e is Http1Error => e instanceof Http1Error
