// Bolt encoders: requests, responses and any decoded frame back to bytes (v1, v2, v2 + CRC32).
import { allocFrame } from "@mosaic/bytes";
import { crc32 } from "./crc32.ts";
import { BoltError } from "./errors.ts";
import { headerParts, writeHeaderParts } from "./header-map.ts";
import type { HeaderInput } from "./header-map.ts";
import { classLenOffset, headShift, putU16, putU32, tailShift } from "./layout.ts";
import { CRC_LEN, CmdCode, CmdType, Codec, PROTOCOL_V1, PROTOCOL_V2, SWITCH_CRC, VER1_CRC, hasCrc } from "./types.ts";
import { utf8Bytes } from "./utf8.ts";

/** Fields shared by request and response encoders; everything but requestId has a default. */
export interface BoltCommonInit {
  /** 1 (default) or 2. `crc: true` implies 2. */
  protocol?: 1 | 2;
  /** v2 only. Default 2 when crc is on, else 1. */
  ver1?: number;
  /** v2 only. Default SWITCH_CRC when crc is on, else 0. */
  switchFlags?: number;
  /** v2 CRC32 trailer (sets ver1 = 2 and switch bit 0 unless given explicitly). */
  crc?: boolean;
  cmdCode?: number;
  /** Command version byte; default 1. */
  ver2?: number;
  /** u32. */
  requestId: number;
  /** Default 1 (hessian2). */
  codec?: number;
  className?: string;
  headers?: HeaderInput;
  content?: Uint8Array;
}

export interface BoltRequestInit extends BoltCommonInit {
  /** REQUEST (default) or ONEWAY. */
  type?: number;
  /** ms, i32; default -1 (as MOSN). */
  timeout?: number;
}

export interface BoltResponseInit extends BoltCommonInit {
  /** u16; default 0 (SUCCESS). */
  status?: number;
}

/** Full field set, as in BoltFrame but with any HeaderInput. */
export interface BoltFrameFields {
  protocol: 1 | 2;
  ver1: number;
  type: number;
  cmdCode: number;
  ver2: number;
  requestId: number;
  codec: number;
  switchFlags: number;
  timeout: number;
  status: number;
  className: string;
  headers: HeaderInput | undefined;
  content: Uint8Array;
}

const EMPTY = new Uint8Array(0);

export function encodeRequest(init: BoltRequestInit): Uint8Array {
  return encodeFrame(fields(init, init.type ?? CmdType.REQUEST, init.cmdCode ?? CmdCode.REQUEST, init.timeout ?? -1, 0));
}

export function encodeResponse(init: BoltResponseInit): Uint8Array {
  return encodeFrame(fields(init, CmdType.RESPONSE, init.cmdCode ?? CmdCode.RESPONSE, 0, init.status ?? 0));
}

/** Encodes a full field set (e.g. a decoded BoltFrame) byte for byte. CRC is recomputed when on. */
export function encodeFrame(f: BoltFrameFields): Uint8Array {
  const proto = f.protocol;
  const cls = utf8Bytes(f.className);
  const { parts, size: headerLen } = headerParts(f.headers);
  const content = f.content;
  if (cls.length > 0xffff) throw new BoltError("FieldOverflow", `class name ${cls.length} bytes`);
  if (headerLen > 0xffff) throw new BoltError("FieldOverflow", `header map ${headerLen} bytes`);
  if (content.length > 0xffffffff) throw new BoltError("FieldOverflow", `content ${content.length} bytes`);
  checkU32(f.requestId);
  const cl = classLenOffset(proto, f.type);
  const body = cl + 8 + cls.length + headerLen + content.length;
  const crc = hasCrc(f);
  const out = allocFrame(body + (crc ? CRC_LEN : 0));
  const h = headShift(proto);
  out[0] = proto;
  if (proto === PROTOCOL_V2) {
    out[1] = f.ver1;
    out[11] = f.switchFlags;
  }
  out[1 + h] = f.type;
  putU16(out, 2 + h, f.cmdCode);
  out[4 + h] = f.ver2;
  putU32(out, 5 + h, f.requestId);
  out[9 + h] = f.codec;
  const t = 10 + tailShift(proto);
  if (f.type === CmdType.RESPONSE) putU16(out, t, f.status);
  else putU32(out, t, f.timeout);
  putU16(out, cl, cls.length);
  putU16(out, cl + 2, headerLen);
  putU32(out, cl + 4, content.length);
  let p = cl + 8;
  out.set(cls, p);
  p = writeHeaderParts(parts, out, p + cls.length);
  out.set(content, p);
  if (crc) putU32(out, body, crc32(out, 0, body));
  return out;
}

function fields(init: BoltCommonInit, type: number, cmdCode: number, timeout: number, status: number): BoltFrameFields {
  const crc = init.crc === true;
  const protocol = init.protocol ?? (crc ? PROTOCOL_V2 : PROTOCOL_V1);
  if (crc && protocol !== PROTOCOL_V2) throw new BoltError("InvalidField", "crc needs protocol 2");
  return {
    protocol,
    ver1: init.ver1 ?? (crc ? VER1_CRC : 1),
    type,
    cmdCode,
    ver2: init.ver2 ?? 1,
    requestId: init.requestId,
    codec: init.codec ?? Codec.HESSIAN2,
    switchFlags: init.switchFlags ?? (crc ? SWITCH_CRC : 0),
    timeout,
    status,
    className: init.className ?? "",
    headers: init.headers,
    content: init.content ?? EMPTY,
  };
}

export function checkU32(id: number): void {
  if (!(id >= 0 && id <= 0xffffffff && Math.floor(id) === id)) {
    throw new BoltError("InvalidField", `request id ${id} is not a u32`);
  }
}
