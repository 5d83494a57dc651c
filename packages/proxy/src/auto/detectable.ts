// Which registered protocols an Auto listener detects: every one with a matcher, or those its `detect.protocols` names.
import { Effect } from "effect"
import { ConfigError, joinPath } from "@mosaic/kernel"
import type { Protocol } from "@mosaic/protocol"
import type { ProtocolSet } from "../xprotocol/protocol-set.ts"
import type { DetectConfig } from "./config.ts"

/** Served by the proxy itself, not by a registered protocol. */
const BUILTIN = ["http1", "http2"]

/**
 * The registered protocols with a matcher, in registration order (the listener orders them by `detect.order`),
 * kept when `detect.protocols` is absent or names them or their family. A name there that is neither built in
 * nor a registered protocol or family is a ConfigError at its path.
 */
export const detectableProtocols = (
  detect: DetectConfig | undefined,
  set: ProtocolSet,
  path: string
): Effect.Effect<ReadonlyArray<Protocol>, ConfigError> =>
  Effect.gen(function*() {
    const wanted = detect?.protocols?.map((w) => w.toLowerCase())
    const all: Array<Protocol> = []
    for (const name of set.names()) {
      const p = yield* set.get(name, path)
      if (p.match !== undefined) all.push(p)
    }
    if (wanted === undefined) return all
    for (const [i, w] of wanted.entries()) {
      if (BUILTIN.includes(w) || all.some((p) => p.name === w || p.family === w)) continue
      const known = [...BUILTIN, ...new Set(all.flatMap((p) => [p.family, p.name]))]
      return yield* ConfigError.at(joinPath(joinPath(path, "protocols"), i), `one of ${known.join(", ")} (no detectable protocol "${detect!.protocols![i]}")`)
    }
    return all.filter((p) => wanted.includes(p.name) || wanted.includes(p.family))
  })
