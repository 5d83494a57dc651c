// Sequence-id access in place: the TTHeader/THeader header field and the seqid of the Thrift message inside.
import { i32, putU32, TTHEADER_META_SIZE, u16 } from "./layout.ts"
import { payloadMessage } from "./thrift-message.ts"

/** SEQUENCE NUMBER of a TTHeader (or Apache THeader) frame: the i32 at offset 8. */
export const readSeqId = (raw: Uint8Array): number => i32(raw, 8)

/**
 * Rewrites a whole TTHeader frame's seqid in place: the header field, and (unless `payload` is false) the
 * seqid of the binary Thrift / Kitex protobuf message in the payload, so both stay equal as Kitex expects.
 * Returns true when the payload seqid was rewritten too.
 */
export const writeSeqId = (raw: Uint8Array, seqId: number, payload = true): boolean => {
  putU32(raw, 8, seqId)
  if (!payload || raw.length < TTHEADER_META_SIZE) return false
  return writeMessageSeqId(raw.subarray(TTHEADER_META_SIZE + u16(raw, 12) * 4), seqId)
}

/**
 * Rewrites the seqid of the Thrift message in `message` (unframed, or framed with its 4-byte length, or
 * Kitex protobuf) in place. False when the bytes carry no binary message head (compact seqids are varints
 * whose width may change, so they are not rewritten here).
 */
export const writeMessageSeqId = (message: Uint8Array, seqId: number): boolean => {
  const head = payloadMessage(message)
  if (head === undefined || head.encoding === "compact") return false
  putU32(message, head.seqIdOffset, seqId)
  return true
}

/** Seqid of the Thrift message in `message` (framed or not), or undefined. */
export const readMessageSeqId = (message: Uint8Array): number | undefined => payloadMessage(message)?.seqId
