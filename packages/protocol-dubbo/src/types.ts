// Dubbo 2 frame model and wire constants (16-byte header, body kept as bytes).

export const MAGIC_HIGH = 0xda;
export const MAGIC_LOW = 0xbb;
export const HEADER_LENGTH = 16;

/** Flag byte bits; the low 5 bits are the serialization id. */
export const FLAG_REQUEST = 0x80;
export const FLAG_TWOWAY = 0x40;
export const FLAG_EVENT = 0x20;
export const SERIALIZATION_MASK = 0x1f;

/** Serialization ids (org.apache.dubbo.common.serialize.Constants). Only hessian2 bodies are understood. */
export const Serialization = {
  HESSIAN2: 2,
  JAVA: 3,
  COMPACTED_JAVA: 4,
  FASTJSON: 6,
  NATIVE_JAVA: 7,
  KRYO: 8,
  FST: 9,
  NATIVE_HESSIAN: 10,
  AVRO: 11,
  PROTOSTUFF: 12,
  GSON: 16,
  PROTOBUF_JSON: 21,
} as const;

/** Default body limit: 8 MiB (dubbo-go DEFAULT_LEN, dubbo-js DUBBO_DEFAULT_PAY_LOAD). */
export const DEFAULT_MAX_BODY_SIZE = 8 * 1024 * 1024;

/** Hessian2 null ('N'): the body of a heartbeat event. */
export const HESSIAN_NULL = 0x4e;

/**
 * One decoded Dubbo frame. `flag` is authoritative (the encoder writes it as-is); the booleans and
 * `serializationId` are read from it for convenience.
 *
 * `requestId` is the u64 id as a JS number: exact up to 2^53 - 1 (Java/Go/JS peers count up from 0 or 1,
 * so real ids stay far below). Larger ids come out rounded; use readRequestIdBig on the raw bytes when
 * an arbitrary u64 must be kept exactly.
 */
export interface DubboFrame {
  flag: number;
  status: number;
  requestId: number;
  request: boolean;
  twoWay: boolean;
  event: boolean;
  serializationId: number;
  /** Body bytes as-is (a view into the frame bytes, not a copy). */
  body: Uint8Array;
}

/** What the streaming decoder yields: the frame plus its exact wire bytes. */
export interface DubboDecoded {
  frame: DubboFrame;
  raw: Uint8Array;
}

export interface DubboLimits {
  /** Largest body in bytes; default 8 MiB. */
  maxBodySize?: number;
}
