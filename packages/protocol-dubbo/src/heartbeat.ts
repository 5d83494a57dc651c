// Dubbo heartbeat events: request (flag 0xe2, body hessian null) and reply (flag 0x22, status OK).
import { encodeRequest, encodeResponse } from "./encoder.ts";
import { DubboStatus } from "./status.ts";
import { HESSIAN_NULL, Serialization } from "./types.ts";
import type { DubboFrame } from "./types.ts";

const NULL_BODY = Uint8Array.of(HESSIAN_NULL);

export function encodeHeartbeat(id: number): Uint8Array {
  return encodeRequest({ requestId: id, event: true, body: NULL_BODY });
}

/** Reply with a 1-byte 'N' body (as dubbo-js / dubbo-remoting; MOSN writes 'N' 'N'). */
export function encodeHeartbeatReply(id: number): Uint8Array {
  return encodeResponse({ requestId: id, event: true, status: DubboStatus.OK, body: NULL_BODY });
}

/**
 * Event bit set and the event data is null. For hessian2 that is a body starting with 'N' (trailing
 * bytes ignored) or empty; a readonly event ("R") is not a heartbeat. Other serializations: event bit only.
 */
export function isHeartbeat(f: DubboFrame): boolean {
  if (!f.event) return false;
  if (f.serializationId !== Serialization.HESSIAN2) return true;
  return f.body.length === 0 || f.body[0] === HESSIAN_NULL;
}

export function isHeartbeatRequest(f: DubboFrame): boolean {
  return f.request && isHeartbeat(f);
}
