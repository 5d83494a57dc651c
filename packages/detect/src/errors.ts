// PipelineError: the tagged error the built-in bound handlers (limiters) abort a pipeline stage with.

export type PipelineErrorReason = "ConnOverLimit" | "QpsOverLimit"

export class PipelineError extends Error {
  readonly _tag = "PipelineError" as const
  readonly reason: PipelineErrorReason
  constructor(reason: PipelineErrorReason, message: string) {
    super(`pipeline: ${reason}: ${message}`)
    this.name = "PipelineError"
    this.reason = reason
  }
}

export const isPipelineError = (e: unknown): e is PipelineError => e instanceof PipelineError
