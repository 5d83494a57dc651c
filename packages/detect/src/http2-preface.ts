// The HTTP/2 client connection preface as a three-way matcher (gRPC, Connect over h2c).

const PREFACE = Array.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", (c) => c.charCodeAt(0))

/** "match" on the whole 24-byte preface (as MOSN; Kitex decides on the first 8), "again" on a prefix of it. */
export const matchHttp2Preface = (b: Uint8Array): "again" | "match" | "no-match" => {
  const n = Math.min(b.length, PREFACE.length)
  for (let i = 0; i < n; i++) if (b[i] !== PREFACE[i]) return "no-match"
  return n === PREFACE.length ? "match" : "again"
}
