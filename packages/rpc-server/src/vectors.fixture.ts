// Test fixture (not shipped): golden frames captured from sofa-rpc-node and dubbo2.js (/work/shared/vectors).
import { readFileSync } from "node:fs"

const VECTORS = new URL("../../../../shared/vectors/bolt-dubbo.txt", import.meta.url)

export const hex = (s: string): Uint8Array => {
  const clean = s.replace(/[^0-9a-f]/gi, "")
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16)
  return out
}

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")

/** The bytes of the "### <name> (N bytes)" section of bolt-dubbo.txt. */
export const vector = (name: string): Uint8Array => {
  for (const sec of readFileSync(VECTORS, "utf8").split(/^### /m).slice(1)) {
    const [title = "", ...lines] = sec.split("\n")
    if (title.startsWith(name + " (")) return hex(lines.join(""))
  }
  throw new Error(`no vector "${name}"`)
}
