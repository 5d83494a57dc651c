// The RESP2 encoder: any value (commands are arrays of bulk strings), and an error reply from text.
import type { RespValue } from "./value.ts"

const utf8 = new TextEncoder()

const line = (prefix: string, body: string): Array<Uint8Array> => [utf8.encode(`${prefix}${body}\r\n`)]

const parts = (v: RespValue, out: Array<Uint8Array>): void => {
  switch (v.type) {
    case "simple":
      out.push(...line("+", v.value.replace(/[\r\n]/g, " ")))
      return
    case "error":
      out.push(...line("-", v.value.replace(/[\r\n]/g, " ")))
      return
    case "integer":
      out.push(...line(":", v.value.toString()))
      return
    case "bulk":
      if (v.value === null) return void out.push(...line("$", "-1"))
      out.push(utf8.encode(`$${v.value.length}\r\n`), v.value, utf8.encode("\r\n"))
      return
    case "array":
      if (v.value === null) return void out.push(...line("*", "-1"))
      out.push(...line("*", String(v.value.length)))
      for (const e of v.value) parts(e, out)
  }
}

/** One value's wire bytes. */
export const encodeValue = (v: RespValue): Uint8Array => {
  const out: Array<Uint8Array> = []
  parts(v, out)
  let n = 0
  for (const p of out) n += p.length
  const bytes = new Uint8Array(n)
  let at = 0
  for (const p of out) {
    bytes.set(p, at)
    at += p.length
  }
  return bytes
}

/** A command: an array of bulk strings (strings as UTF-8). */
export const encodeCommand = (args: ReadonlyArray<string | Uint8Array>): Uint8Array =>
  encodeValue({ type: "array", value: args.map((a) => ({ type: "bulk", value: typeof a === "string" ? utf8.encode(a) : a })) })

/** An error reply, `-<message>\r\n` (CR and LF in the message become spaces). */
export const encodeError = (message: string): Uint8Array => encodeValue({ type: "error", value: message })
