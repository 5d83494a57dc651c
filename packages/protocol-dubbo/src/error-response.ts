// Error / hijack responses for a Dubbo request: given status, hessian2 string body with the message.
import { encodeFrame } from "./encoder.ts";
import { DubboError } from "./errors.ts";
import { encodeHessianString } from "./hessian-string.ts";
import { readRequestId } from "./request-id.ts";
import { Serialization } from "./types.ts";
import type { DubboFrame } from "./types.ts";

/**
 * A response to `request` (a decoded frame, its raw bytes, or just its id) with `status` and the
 * message as a hessian2 string body. The flag is 0x02 (hessian2 response), as MOSN's hijack replies,
 * since the body is hessian2 whatever the request used.
 */
export function buildErrorResponse(request: DubboFrame | Uint8Array | number, status: number, message: string): Uint8Array {
  if (status < 0 || status > 0xff) throw new DubboError("InvalidField", `status ${status}`);
  const requestId =
    typeof request === "number" ? request : request instanceof Uint8Array ? readRequestId(request) : request.requestId;
  return encodeFrame({ flag: Serialization.HESSIAN2, status, requestId, body: encodeHessianString(message) });
}
