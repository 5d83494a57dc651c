// Hijack / error responses for a request (proxy-side replies: no route, timeout, overflow, ...).
import { encodeResponse } from "./encoder.ts";
import { BoltError } from "./errors.ts";
import type { HeaderInput } from "./header-map.ts";
import { headShift, u16, u32 } from "./layout.ts";
import { CmdCode, PROTOCOL_V1, PROTOCOL_V2 } from "./types.ts";
import type { BoltFrame } from "./types.ts";

export interface ErrorResponseOptions {
  /** Default "" (no content); a Java/SOFA peer then builds the exception from the status alone. */
  className?: string;
  headers?: HeaderInput;
  content?: Uint8Array;
}

/**
 * Builds a response to `request` (a decoded frame, or its raw bytes: at least the fixed header) with
 * `status`: same request id, protocol, ver1, switch (so CRC stays on when it was on), ver2 and codec.
 * cmdcode is RESPONSE, or HEARTBEAT for a heartbeat request.
 */
export function buildErrorResponse(
  request: BoltFrame | Uint8Array,
  status: number,
  opts: ErrorResponseOptions = {},
): Uint8Array {
  const r = request instanceof Uint8Array ? peekHead(request) : request;
  return encodeResponse({
    protocol: r.protocol,
    ver1: r.ver1,
    switchFlags: r.switchFlags,
    ver2: r.ver2,
    codec: r.codec,
    requestId: r.requestId,
    cmdCode: r.cmdCode === CmdCode.HEARTBEAT ? CmdCode.HEARTBEAT : CmdCode.RESPONSE,
    status,
    className: opts.className ?? "",
    ...(opts.headers === undefined ? {} : { headers: opts.headers }),
    ...(opts.content === undefined ? {} : { content: opts.content }),
  });
}

type Head = Pick<BoltFrame, "protocol" | "ver1" | "switchFlags" | "ver2" | "codec" | "requestId" | "cmdCode">;

function peekHead(b: Uint8Array): Head {
  const p = b[0];
  if (p !== PROTOCOL_V1 && p !== PROTOCOL_V2) throw new BoltError("UnknownProtocol", `protocol code ${p}`);
  const h = headShift(p);
  if (b.length < 10 + 2 * h) throw new BoltError("Truncated", "request header cut short");
  return {
    protocol: p,
    ver1: h ? b[1] : 1,
    switchFlags: h ? b[11] : 0,
    cmdCode: u16(b, 2 + h),
    ver2: b[4 + h],
    requestId: u32(b, 5 + h),
    codec: b[9 + h],
  };
}
