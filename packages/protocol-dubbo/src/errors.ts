// DubboError: the tagged error every Dubbo decode/encode failure is reported with.

export type DubboErrorReason = "BadMagic" | "BodyTooLarge" | "Truncated" | "TrailingBytes" | "InvalidField";

export class DubboError extends Error {
  readonly _tag = "DubboError" as const;
  readonly reason: DubboErrorReason;
  constructor(reason: DubboErrorReason, message: string) {
    super(`dubbo: ${reason}: ${message}`);
    this.name = "DubboError";
    this.reason = reason;
  }
}

export function isDubboError(e: unknown): e is DubboError {
  return e instanceof DubboError;
}
