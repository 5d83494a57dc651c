// The metadata of a sidecar request: its header map (the app's gRPC metadata) read as gRPC, and its deadline.
import { grpcMeta } from "./http-codec.ts"
import { recordView } from "./header-view.ts"
import { ensureTrace } from "./ids.ts"
import type { MetaInfo } from "./meta-info.ts"

/** What the channels need of an RpcRequest (structural, so this package needs no RPC types). */
export interface RequestLike {
  readonly header: Readonly<Record<string, string>>
  /** Absolute deadline, `Date.now()` based; not finite = none. */
  readonly deadline: number
}

/**
 * The request's MetaInfo: trace and keys from its header map by the gRPC codec (traceparent, b3,
 * x-b3-*, lower-cased SOFA keys, rpc-persist-* and rpc-transit-* keys); the deadline is the request's own
 * (the invoker's, already capped by the client's grpc-timeout); a new trace when it has none and
 * `generate` is on.
 */
export const requestMeta = (request: RequestLike, generate: boolean): MetaInfo => {
  const meta = grpcMeta.read(recordView(request.header as Record<string, string>))
  meta.deadline = Number.isFinite(request.deadline) ? request.deadline : undefined
  ensureTrace(meta, generate)
  return meta
}
