// Settings Mosaic does not implement that would change security or delivery: found anywhere in a raw config and refused, never dropped.
import { ConfigError } from "./errors.ts"
import { joinPath } from "./config.ts"

/** A key that, with a value `refuse` accepts, makes the config fail at start with `expected` at its path. */
export interface UnimplementedSetting {
  readonly key: string
  readonly refuse: (value: unknown) => boolean
  readonly expected: string
}

/** The first refused setting in `input` (depth first, in document order), as a ConfigError naming its JSON path. */
export const findUnimplemented = (
  input: unknown,
  settings: ReadonlyArray<UnimplementedSetting>,
  path = ""
): ConfigError | undefined => {
  if (Array.isArray(input)) {
    for (const [i, v] of input.entries()) {
      const found = findUnimplemented(v, settings, joinPath(path, i))
      if (found !== undefined) return found
    }
    return undefined
  }
  if (input === null || typeof input !== "object") return undefined
  for (const [key, value] of Object.entries(input)) {
    const at = joinPath(path, key)
    for (const s of settings) if (s.key === key && s.refuse(value)) return ConfigError.at(at, s.expected)
    const found = findUnimplemented(value, settings, at)
    if (found !== undefined) return found
  }
  return undefined
}
