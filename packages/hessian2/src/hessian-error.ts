// The tagged error every Hessian decode/encode failure is reported with (reason + byte offset).

export type HessianErrorReason =
  /** The input ended inside a value. */
  | "Truncated"
  /** A byte code that is not valid where it appears. */
  | "InvalidTag"
  /** A string body is not valid (Java-style) UTF-8. */
  | "InvalidUtf8"
  /** A decode limit (depth, length, count, budget) was exceeded. */
  | "LimitExceeded"
  /** A declared length or count that is negative. */
  | "InvalidLength"
  /** A back reference, class reference or type reference points at nothing. */
  | "BadReference"
  /** A well-formed value of the wrong shape (e.g. a body that is not a SofaRequest). */
  | "UnexpectedType"
  /** The encoder was given a value it cannot write (e.g. an `int` outside 32 bits). */
  | "InvalidValue"

/** A Hessian failure. `_tag` makes it usable with Effect's `catchTag`; `offset` is -1 when encoding. */
export class HessianError extends Error {
  readonly _tag = "HessianError"
  readonly reason: HessianErrorReason
  readonly offset: number

  constructor(reason: HessianErrorReason, message: string, offset = -1) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message)
    this.name = "HessianError"
    this.reason = reason
    this.offset = offset
  }
}

export const isHessianError = (u: unknown): u is HessianError => u instanceof HessianError
