// BoltError: the tagged error every Bolt decode/encode failure is reported with.

export type BoltErrorReason =
  | "UnknownProtocol"
  | "UnknownCmdType"
  | "UnknownCmdCode"
  | "FrameTooLarge"
  | "HeaderTooLarge"
  | "HeaderMapInvalid"
  | "CrcMismatch"
  | "Truncated"
  | "TrailingBytes"
  | "FieldOverflow"
  | "InvalidField";

export class BoltError extends Error {
  readonly _tag = "BoltError" as const;
  readonly reason: BoltErrorReason;
  constructor(reason: BoltErrorReason, message: string) {
    super(`bolt: ${reason}: ${message}`);
    this.name = "BoltError";
    this.reason = reason;
  }
}

export function isBoltError(e: unknown): e is BoltError {
  return e instanceof BoltError;
}
