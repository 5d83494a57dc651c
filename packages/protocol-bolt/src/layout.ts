// Bolt header layout: field offsets per version/type and the whole-frame length check (with limits).
import { BoltError } from "./errors.ts";
import {
  CRC_LEN,
  CmdCode,
  CmdType,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_HEADER_SIZE,
  PROTOCOL_V1,
  PROTOCOL_V2,
  SWITCH_CRC,
  VER1_CRC,
} from "./types.ts";
import type { BoltLimits } from "./types.ts";

/** Offset shift of type..codec in v2 (the ver1 byte) and of the fields after codec (ver1 + switch). */
export function headShift(proto: number): number {
  return proto === PROTOCOL_V2 ? 1 : 0;
}
export function tailShift(proto: number): number {
  return proto === PROTOCOL_V2 ? 2 : 0;
}

/** Offset of the classLen field; the fixed header ends 8 bytes later. */
export function classLenOffset(proto: number, type: number): number {
  return (type === CmdType.RESPONSE ? 12 : 14) + tailShift(proto);
}

/** Offset of the u32 request id: 5 (v1) or 6 (v2). */
export function requestIdOffset(proto: number): number {
  return 5 + headShift(proto);
}

export function u16(b: Uint8Array, p: number): number {
  return (b[p] << 8) | b[p + 1];
}
export function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}
export function i32(b: Uint8Array, p: number): number {
  return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
}
export function putU16(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 8;
  b[p + 1] = v;
}
export function putU32(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
}

/** Resolved limits with defaults applied. */
export interface Limits {
  maxFrameSize: number;
  maxHeaderSize: number;
}
export function resolveLimits(l: BoltLimits | undefined): Limits {
  return {
    maxFrameSize: l?.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE,
    maxHeaderSize: l?.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE,
  };
}

/**
 * Length of the frame starting at `b[off]`, looking at no byte at or past `end`. Returns 0 when more
 * bytes are needed to know it. Throws a BoltError for a bad protocol, type or cmdcode, or a size
 * over the limits. The returned length includes the v2 CRC trailer when present.
 */
export function frameLength(b: Uint8Array, off: number, end: number, lim: Limits): number {
  const avail = end - off;
  if (avail < 1) return 0;
  const proto = b[off];
  if (proto !== PROTOCOL_V1 && proto !== PROTOCOL_V2) {
    throw new BoltError("UnknownProtocol", `protocol code 0x${proto.toString(16)}`);
  }
  const h = headShift(proto);
  if (avail < 2 + h) return 0;
  const type = b[off + 1 + h];
  if (type !== CmdType.RESPONSE && type !== CmdType.REQUEST && type !== CmdType.ONEWAY) {
    throw new BoltError("UnknownCmdType", `command type ${type}`);
  }
  const cl = classLenOffset(proto, type);
  const fixed = cl + 8;
  if (avail < fixed) return 0;
  const cmd = u16(b, off + 2 + h);
  if (cmd !== CmdCode.HEARTBEAT && cmd !== CmdCode.REQUEST && cmd !== CmdCode.RESPONSE && cmd !== CmdCode.GOAWAY) {
    throw new BoltError("UnknownCmdCode", `command code ${cmd}`);
  }
  const classLen = u16(b, off + cl);
  const headerLen = u16(b, off + cl + 2);
  const contentLen = u32(b, off + cl + 4);
  if (classLen + headerLen > lim.maxHeaderSize) {
    throw new BoltError("HeaderTooLarge", `class+header ${classLen + headerLen} > ${lim.maxHeaderSize}`);
  }
  let total = fixed + classLen + headerLen + contentLen;
  if (proto === PROTOCOL_V2 && b[off + 1] === VER1_CRC && (b[off + 11] & SWITCH_CRC) !== 0) total += CRC_LEN;
  if (total > lim.maxFrameSize) {
    throw new BoltError("FrameTooLarge", `frame ${total} > ${lim.maxFrameSize}`);
  }
  return total;
}
