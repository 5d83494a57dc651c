// Test fixture: a tiny id-multiplexed protocol ([type u8][id u32][len u32][payload]) and a scripted peer.
import type { Connection } from "@mosaic/transport"
import type { FrameDecoder, Protocol } from "@mosaic/protocol"
import type { MuxCodec } from "./codec.ts"

export const T = { REQUEST: 1, RESPONSE: 2, HEARTBEAT: 3, ACK: 4, GOAWAY: 5, GARBAGE: 9 } as const
export interface ToyFrame { type: number; id: number; payload: string }

export const encodeToy = (f: ToyFrame): Uint8Array => {
  const p = new TextEncoder().encode(f.payload)
  const out = new Uint8Array(9 + p.length)
  const v = new DataView(out.buffer)
  v.setUint8(0, f.type)
  v.setUint32(1, f.id)
  v.setUint32(5, p.length)
  out.set(p, 9)
  return out
}

export const toyDecoder = (): FrameDecoder<ToyFrame> & { next(): ToyFrame | undefined } => {
  let buf = new Uint8Array(0)
  return {
    push: (chunk) => {
      const n = new Uint8Array(buf.length + chunk.length)
      n.set(buf)
      n.set(chunk, buf.length)
      buf = n
    },
    read() {
      if (buf.length < 9) return undefined
      const v = new DataView(buf.buffer, buf.byteOffset)
      const type = v.getUint8(0)
      if (type < 1 || type > 5) throw Object.assign(new Error(`type ${type}`), { _tag: "ToyError", reason: "UnknownType" })
      const len = v.getUint32(5)
      if (buf.length < 9 + len) return undefined
      const raw = buf.subarray(0, 9 + len)
      const frame = { type, id: v.getUint32(1), payload: new TextDecoder().decode(buf.subarray(9, 9 + len)) }
      buf = buf.slice(9 + len)
      return { frame, raw }
    },
    next() {
      return this.read()?.frame
    },
    pending: () => buf
  }
}

const unused = (): never => {
  throw new Error("not used by the client stack")
}

/** The toy protocol, with only what a multiplexed client uses. */
export const toyProtocol: Protocol<ToyFrame> = {
  name: "toy",
  family: "toy",
  maxId: 0xffffffff,
  createDecoder: toyDecoder,
  decodeOne: unused,
  kind: (f) => f.type === T.RESPONSE ? "response" : f.type === T.ACK ? "heartbeat-ack" : f.type === T.HEARTBEAT ? "heartbeat" : f.type === T.GOAWAY ? "goaway" : "ignore",
  requestId: (f) => f.id,
  writeRequestId: (raw, id) => new DataView(raw.buffer, raw.byteOffset).setUint32(1, id),
  captureId: unused,
  restoreId: unused,
  heartbeat: (id) => encodeToy({ type: T.HEARTBEAT, id, payload: "" }),
  heartbeatReply: (f) => encodeToy({ type: T.ACK, id: f.id, payload: "" }),
  hijack: unused,
  hijackStatus: unused,
  directResponse: unused,
  codecErrorReply: () => undefined,
  responseStatus: () => 0,
  httpStatus: () => 200,
  header: () => undefined,
  requestTimeoutMs: () => 0,
  message: unused
}

export const toyCodec: MuxCodec<string, ToyFrame> = {
  protocol: toyProtocol,
  encode: (payload, id) => encodeToy({ type: T.REQUEST, id, payload })
}

/** A peer on `conn` that records requests and answers as `answer` says (undefined: stay silent). */
export const toyPeer = (conn: Connection, answer: (f: ToyFrame) => ToyFrame | undefined | "later") => {
  const seen: Array<ToyFrame> = []
  const later: Array<ToyFrame> = []
  const dec = toyDecoder()
  conn.setHandler({
    onData: (c) => {
      dec.push(c)
      for (let f = dec.next(); f !== undefined; f = dec.next()) {
        seen.push(f)
        const a = answer(f)
        if (a === "later") later.push(f)
        else if (a !== undefined) conn.write(encodeToy(a))
      }
    },
    onClose: () => {}
  })
  return { seen, later, write: (f: ToyFrame) => conn.write(encodeToy(f)), conn }
}

export const echo = (f: ToyFrame): ToyFrame | undefined =>
  f.type === T.REQUEST ? { type: T.RESPONSE, id: f.id, payload: `re:${f.payload}` } : f.type === T.HEARTBEAT ? { type: T.ACK, id: f.id, payload: "" } : undefined
