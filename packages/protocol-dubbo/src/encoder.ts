// Dubbo encoders: requests, responses and any decoded frame back to bytes (body written as given).
import { allocFrame } from "@mosaic/bytes";
import { DubboError } from "./errors.ts";
import { BODY_LENGTH_OFFSET, FLAG_OFFSET, ID_OFFSET, STATUS_OFFSET, putU32 } from "./layout.ts";
import { FLAG_EVENT, FLAG_REQUEST, FLAG_TWOWAY, HEADER_LENGTH, MAGIC_HIGH, MAGIC_LOW, SERIALIZATION_MASK, Serialization } from "./types.ts";
import { DubboStatus } from "./status.ts";

export interface DubboRequestInit {
  requestId: number;
  /** Serialized body (e.g. hessian2 values); default empty. */
  body?: Uint8Array;
  /** Default true. */
  twoWay?: boolean;
  event?: boolean;
  /** Default 2 (hessian2). */
  serializationId?: number;
}

export interface DubboResponseInit {
  requestId: number;
  /** Default 20 (OK). */
  status?: number;
  body?: Uint8Array;
  event?: boolean;
  serializationId?: number;
}

/** The fields encodeFrame needs; a decoded DubboFrame has them. */
export interface DubboFrameFields {
  flag: number;
  status: number;
  requestId: number;
  body: Uint8Array;
}

const EMPTY = new Uint8Array(0);
const TWO_32 = 0x100000000;

export function encodeRequest(init: DubboRequestInit): Uint8Array {
  const flag =
    FLAG_REQUEST |
    (init.twoWay === false ? 0 : FLAG_TWOWAY) |
    (init.event === true ? FLAG_EVENT : 0) |
    serialization(init.serializationId);
  return encodeFrame({ flag, status: 0, requestId: init.requestId, body: init.body ?? EMPTY });
}

export function encodeResponse(init: DubboResponseInit): Uint8Array {
  const flag = (init.event === true ? FLAG_EVENT : 0) | serialization(init.serializationId);
  return encodeFrame({ flag, status: init.status ?? DubboStatus.OK, requestId: init.requestId, body: init.body ?? EMPTY });
}

/** Writes the 16-byte header (flag as given) and the body. */
export function encodeFrame(f: DubboFrameFields): Uint8Array {
  if (f.body.length > 0xffffffff) throw new DubboError("InvalidField", `body ${f.body.length} bytes`);
  const out = allocFrame(HEADER_LENGTH + f.body.length);
  out[0] = MAGIC_HIGH;
  out[1] = MAGIC_LOW;
  out[FLAG_OFFSET] = f.flag;
  out[STATUS_OFFSET] = f.status;
  putId(out, f.requestId);
  putU32(out, BODY_LENGTH_OFFSET, f.body.length);
  out.set(f.body, HEADER_LENGTH);
  return out;
}

/** Writes all 8 id bytes at offset 4; the id must be a safe non-negative integer. */
export function putId(b: Uint8Array, id: number): void {
  if (!Number.isSafeInteger(id) || id < 0) throw new DubboError("InvalidField", `request id ${id}`);
  putU32(b, ID_OFFSET, Math.floor(id / TWO_32));
  putU32(b, ID_OFFSET + 4, id >>> 0);
}

function serialization(id: number | undefined): number {
  const s = id ?? Serialization.HESSIAN2;
  if (s < 0 || s > SERIALIZATION_MASK) throw new DubboError("InvalidField", `serialization id ${s}`);
  return s;
}
