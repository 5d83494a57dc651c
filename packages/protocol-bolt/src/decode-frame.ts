// One-shot Bolt frame decoding over a byte range (CRC verified, header map decoded, content as a view).
import { crc32 } from "./crc32.ts";
import { BoltError } from "./errors.ts";
import { decodeHeaderMap } from "./header-map.ts";
import { classLenOffset, frameLength, headShift, i32, resolveLimits, u16, u32 } from "./layout.ts";
import { CRC_LEN, CmdType, PROTOCOL_V2, SWITCH_CRC, VER1_CRC } from "./types.ts";
import type { BoltFrame, BoltLimits } from "./types.ts";
import { readUtf8 } from "./utf8.ts";

/**
 * Decodes the frame in `b[off, off + total)`; `total` must come from frameLength (the header is
 * already validated). Content is a subarray of `b`, not a copy.
 */
export function decodeFrameAt(b: Uint8Array, off: number, total: number): BoltFrame {
  const proto = b[off] as 1 | 2;
  const h = headShift(proto);
  const type = b[off + 1 + h];
  const isV2 = proto === PROTOCOL_V2;
  const ver1 = isV2 ? b[off + 1] : 1;
  const switchFlags = isV2 ? b[off + 11] : 0;
  let end = off + total;
  if (isV2 && ver1 === VER1_CRC && (switchFlags & SWITCH_CRC) !== 0) {
    end -= CRC_LEN;
    const want = u32(b, end);
    const got = crc32(b, off, end);
    if (want !== got) throw new BoltError("CrcMismatch", `crc 0x${got.toString(16)} != 0x${want.toString(16)}`);
  }
  const cl = classLenOffset(proto, type);
  const classLen = u16(b, off + cl);
  const headerLen = u16(b, off + cl + 2);
  const classStart = off + cl + 8;
  const headerStart = classStart + classLen;
  const contentStart = headerStart + headerLen;
  const tail = isV2 ? 2 : 0;
  const response = type === CmdType.RESPONSE;
  return {
    protocol: proto,
    ver1,
    type,
    cmdCode: u16(b, off + 2 + h),
    ver2: b[off + 4 + h],
    requestId: u32(b, off + 5 + h),
    codec: b[off + 9 + h],
    switchFlags,
    timeout: response ? 0 : i32(b, off + 10 + tail),
    status: response ? u16(b, off + 10 + tail) : 0,
    className: readUtf8(b, classStart, headerStart),
    headers: decodeHeaderMap(b, headerStart, contentStart),
    content: b.subarray(contentStart, end),
  };
}

/**
 * Decodes exactly one whole frame. Throws BoltError: Truncated if `bytes` ends early, TrailingBytes if
 * it holds more than one frame, or any header/limit/CRC/header-map error.
 */
export function decodeFrame(bytes: Uint8Array, limits?: BoltLimits): BoltFrame {
  const total = frameLength(bytes, 0, bytes.length, resolveLimits(limits));
  if (total === 0 || total > bytes.length) {
    throw new BoltError("Truncated", `have ${bytes.length} bytes${total ? `, frame needs ${total}` : ""}`);
  }
  if (total < bytes.length) throw new BoltError("TrailingBytes", `frame is ${total} of ${bytes.length} bytes`);
  return decodeFrameAt(bytes, 0, total);
}
