// Test fixture: a tiny id-multiplexed protocol ([type u8][id u32][len u32][payload]) and a scripted peer.
import type { Connection } from "@mosaic/transport"
import type { MuxCodec, MuxDecoder } from "./codec.ts"

export const T = { REQUEST: 1, RESPONSE: 2, HEARTBEAT: 3, ACK: 4, GARBAGE: 9 } as const
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

export const toyDecoder = (): MuxDecoder<ToyFrame> => {
  let buf = new Uint8Array(0)
  return {
    push: (chunk) => {
      const n = new Uint8Array(buf.length + chunk.length)
      n.set(buf)
      n.set(chunk, buf.length)
      buf = n
    },
    next: () => {
      if (buf.length < 9) return undefined
      const v = new DataView(buf.buffer, buf.byteOffset)
      const type = v.getUint8(0)
      if (type < 1 || type > 4) throw Object.assign(new Error(`type ${type}`), { reason: "UnknownType" })
      const len = v.getUint32(5)
      if (buf.length < 9 + len) return undefined
      const f = { type, id: v.getUint32(1), payload: new TextDecoder().decode(buf.subarray(9, 9 + len)) }
      buf = buf.slice(9 + len)
      return f
    }
  }
}

export const toyCodec: MuxCodec<string, ToyFrame> = {
  protocol: "toy",
  maxId: 0xffffffff,
  createDecoder: toyDecoder,
  encode: (payload, id) => encodeToy({ type: T.REQUEST, id, payload }),
  idOf: (f) => f.id,
  classify: (f) => f.type === T.RESPONSE ? "response" : f.type === T.ACK ? "heartbeat-ack" : f.type === T.HEARTBEAT ? "heartbeat" : "ignore",
  heartbeat: (id) => encodeToy({ type: T.HEARTBEAT, id, payload: "" }),
  heartbeatReply: (f) => encodeToy({ type: T.ACK, id: f.id, payload: "" })
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
