// TTHeader wire constants (protocols.md section 3.1) and the size limits every decoder here enforces.
import { TTHeaderError } from "./errors.ts"

/** LENGTH(4) + MAGIC(2) + FLAGS(2) + SEQID(4) + HEADER SIZE(2): the header info starts here. */
export const TTHEADER_META_SIZE = 14
/** Bytes 4..5 of a Kitex TTHeader frame. */
export const TTHEADER_MAGIC = 0x1000
/** Bytes 4..5 of an Apache THeader frame (the `thrift` npm package, python3-thrift). */
export const THEADER_MAGIC = 0x0fff
/** Thrift binary strict version (`0x8001` followed by the message type byte pair). */
export const THRIFT_V1_MAGIC = 0x8001
/** Kitex protobuf magic, bytes 4..5 of a Kitex protobuf frame. */
export const KITEX_PROTOBUF_MAGIC = 0x9001
/** Largest LENGTH a TTHeader frame may declare (`MaxFrameSize`). */
export const TTHEADER_MAX_FRAME_SIZE = 0x3fffffff
/** Largest header-info size: 65535 words. */
export const TTHEADER_MAX_HEADER_SIZE = 4 * 0xffff

/** FLAGS bits (`HeaderFlags`). */
export const TTHeaderFlags = {
  SupportOutOfOrder: 0x0001,
  Streaming: 0x0002,
  DuplexReverse: 0x0008,
  SASL: 0x0010
} as const

/** PROTOCOL ID byte. Kitex sends ThriftBinary (0) even for protobuf; the payload magic tells them apart. */
export const ProtocolId = {
  ThriftBinary: 0x00,
  ThriftCompact: 0x02,
  ThriftCompactV2: 0x03,
  KitexProtobuf: 0x04,
  ThriftStruct: 0x10,
  ProtobufStruct: 0x11
} as const
export type ProtocolIdValue = (typeof ProtocolId)[keyof typeof ProtocolId]

/** INFO block ids. */
export const InfoId = {
  Padding: 0x00,
  KeyValue: 0x01,
  IntKeyValue: 0x10,
  AclToken: 0x11
} as const

export interface TTHeaderLimits {
  /** Largest whole frame (LENGTH + 4) accepted; default 16 MiB, at most 0x3FFFFFFF + 4. */
  readonly maxFrameSize?: number
  /** Largest header-info section (HEADER SIZE * 4); default 64 KiB, at most 4 * 65535. */
  readonly maxHeaderSize?: number
  /** Most KV entries (string + int) in one header; default 1024. */
  readonly maxInfoCount?: number
}

export interface Limits {
  readonly maxFrameSize: number
  readonly maxHeaderSize: number
  readonly maxInfoCount: number
}

export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024
export const DEFAULT_MAX_HEADER_SIZE = 64 * 1024
export const DEFAULT_MAX_INFO_COUNT = 1024

export const resolveLimits = (l?: TTHeaderLimits): Limits => ({
  maxFrameSize: Math.min(l?.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE, TTHEADER_MAX_FRAME_SIZE + 4),
  maxHeaderSize: Math.min(l?.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE, TTHEADER_MAX_HEADER_SIZE),
  maxInfoCount: l?.maxInfoCount ?? DEFAULT_MAX_INFO_COUNT
})

export const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!
export const u32 = (b: Uint8Array, o: number): number =>
  ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
export const i32 = (b: Uint8Array, o: number): number =>
  (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!
export const putU16 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v >>> 8
  b[o + 1] = v
}
export const putU32 = (b: Uint8Array, o: number, v: number): void => {
  b[o] = v >>> 24
  b[o + 1] = v >>> 16
  b[o + 2] = v >>> 8
  b[o + 3] = v
}

/**
 * A frame of `infoBytes` header bytes (padded to 4) and `payloadLength`, with its 14-byte meta written
 * (LENGTH, `magic`, FLAGS, SEQ ID, HEADER SIZE in words); returns it and the header's padded size.
 * Throws TTHeaderError for a header over 4 * 65535 bytes or a frame over the 30-bit LENGTH.
 */
export const startFrame = (magic: number, flags: number, seqId: number, infoBytes: number, payloadLength: number): { out: Uint8Array; padded: number } => {
  const padded = (infoBytes + 3) & ~3
  if (padded / 4 > 0xffff) throw new TTHeaderError("HeaderTooLarge", `header of ${padded} bytes exceeds 4 * 65535`)
  const total = TTHEADER_META_SIZE + padded + payloadLength
  if (total - 4 > TTHEADER_MAX_FRAME_SIZE) throw new TTHeaderError("FrameTooLarge", `frame of ${total} bytes`)
  const out = new Uint8Array(total)
  putU32(out, 0, total - 4)
  putU16(out, 4, magic)
  putU16(out, 6, flags)
  putU32(out, 8, seqId)
  putU16(out, 12, padded / 4)
  return { out, padded }
}
