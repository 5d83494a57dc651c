// Connection routing by its first bytes: the HTTP/2 client preface means h2c, anything else HTTP/1.1.

/** RFC 9113 section 3.4: every HTTP/2 connection starts with these 24 octets. */
export const H2_PREFACE: Uint8Array = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")

export type FirstBytes = "h2" | "http1" | "more"

/**
 * "h2" once the whole preface is seen, "http1" at the first byte that differs from it, "more" while
 * the bytes so far are a proper prefix of it (a split preface, or nothing yet).
 */
export const classifyFirstBytes = (bytes: Uint8Array): FirstBytes => {
  const n = Math.min(bytes.length, H2_PREFACE.length)
  for (let i = 0; i < n; i++) if (bytes[i] !== H2_PREFACE[i]) return "http1"
  return bytes.length >= H2_PREFACE.length ? "h2" : "more"
}
