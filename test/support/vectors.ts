// The golden frames captured from real peers (../shared/vectors/bolt-dubbo.txt and peers.md §1c),
// read once from disk for every package's tests; the protocol packages themselves stay free of node:.
import { readFileSync } from "node:fs"
import { hex, parseVectors, type Vector } from "@mosaic/bytes/testing"

const shared = (path: string) => new URL(`../../../shared/${path}`, import.meta.url)

let cache: ReadonlyArray<Vector> | undefined

/** Every "### name (N bytes)" section of bolt-dubbo.txt; the declared size is checked. */
export const loadVectors = (): ReadonlyArray<Vector> => (cache ??= parseVectors(readFileSync(shared("vectors/bolt-dubbo.txt"), "utf8")))

/** The bytes of one section, by its name (the title before " (N bytes)"). */
export const vector = (name: string): Uint8Array => {
  const v = loadVectors().find((x) => x.name === name)
  if (v === undefined) throw new Error(`no vector ${name}`)
  return v.bytes
}

/** Bolt v2 + CRC32 request and response from peers.md section 1c. */
export const boltV2Vectors = (): Array<Vector> => {
  const text = readFileSync(shared("reference/peers.md"), "utf8")
  const sec = text.slice(text.indexOf("### 1c."))
  const start = sec.indexOf("```text") + 7
  const block = sec.slice(start, sec.indexOf("```", start))
  const out: Array<Vector> = []
  for (const part of block.split(/^# /m).slice(1)) {
    const [title = "", ...lines] = part.split("\n")
    const m = /^(\w+) \((\d+) bytes\)/.exec(title)
    if (!m) throw new Error(`bad v2 title: ${title}`)
    const bytes = hex(lines.join(""))
    if (bytes.length !== Number(m[2])) throw new Error(`v2 ${m[1]}: ${bytes.length} != ${m[2]}`)
    out.push({ name: `v2 ${m[1]}`, bytes })
  }
  if (out.length !== 2) throw new Error("expected 2 v2 vectors")
  return out
}
