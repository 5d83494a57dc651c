// @mosaic/detect public API: per-connection protocol detection, the default order, TransPipeline and limiters.
export type {
  ConnectionTaker, DetectorOptions, Detector, DetectProtocol, Matcher, MatchResult, RejectInfo, RejectReason, Timers
} from "./types.ts"
export { createDetector, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from "./detector.ts"
export { defaultOrder, orderProtocols, ProtocolName } from "./order.ts"
export { matchHttp2Preface } from "./http2-preface.ts"
export { isPipelineError, PipelineError, type PipelineErrorReason } from "./errors.ts"
export {
  attachPipeline, createPipeline, type InboundHandler, type NetHandler, type OutboundHandler, type Pipeline, type PipelineContext,
  type PipelineOptions, PipelineStage, type StageResult
} from "./pipeline.ts"
export {
  type ConnectionLimiter, type ConnectionLimiterOptions, createConnectionLimiter, createQpsLimiter, type QpsLimiter,
  type QpsLimiterOptions
} from "./limiters.ts"
