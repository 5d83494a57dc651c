// Hessian decode limits for routing fields (SofaRequest head, Dubbo body): routing never needs big values.
import type { DecodeLimits } from "@mosaic/hessian2"

/** Tighter than the codec defaults: a request whose routing fields exceed these simply has none. */
export const ROUTE_DECODE_LIMITS: Partial<DecodeLimits> = {
  maxDepth: 32,
  maxStringLength: 256 * 1024,
  maxBinaryLength: 16 * 1024 * 1024,
  maxCollectionLength: 64 * 1024,
  maxTotalBytes: 64 * 1024 * 1024
}
