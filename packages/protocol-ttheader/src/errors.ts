// TTHeaderError: the tagged error every TTHeader / Thrift-framing decode or encode failure is reported with.

export type TTHeaderErrorReason =
  | "BadMagic"
  | "BadLength"
  | "FrameTooLarge"
  | "BadHeaderSize"
  | "HeaderTooLarge"
  | "BadProtocolId"
  | "BadInfoId"
  | "TooManyInfos"
  | "Truncated"
  | "StringTooLong"
  | "BadVarint"
  | "BadPayload"
  | "TooDeep"

export class TTHeaderError extends Error {
  readonly _tag = "TTHeaderError" as const
  readonly reason: TTHeaderErrorReason
  constructor(reason: TTHeaderErrorReason, message: string) {
    super(`ttheader: ${reason}: ${message}`)
    this.name = "TTHeaderError"
    this.reason = reason
  }
}

export const isTTHeaderError = (e: unknown): e is TTHeaderError => e instanceof TTHeaderError
