// UTF-8 helpers for header strings: an ASCII fast path, TextDecoder/TextEncoder otherwise.

const decoder = new TextDecoder()
const encoder = new TextEncoder()

export const decodeUtf8 = (b: Uint8Array, start: number, end: number): string => {
  if (end - start <= 64) {
    let s = ""
    for (let i = start; i < end; i++) {
      const c = b[i]!
      if (c >= 0x80) return decoder.decode(b.subarray(start, end))
      s += String.fromCharCode(c)
    }
    return s
  }
  return decoder.decode(b.subarray(start, end))
}

export const encodeUtf8 = (s: string): Uint8Array => encoder.encode(s)
