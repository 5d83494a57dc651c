// Kernel errors: registry conflicts, unknown plugins and config errors that name the JSON path.
import { Schema } from "effect"

export class RegistryError extends Schema.TaggedError<RegistryError>()("RegistryError", {
  reason: Schema.Literals(["DuplicatePlugin", "UnknownPlugin"]),
  kind: Schema.String,
  name: Schema.String,
  message: Schema.String
}) {}

export class ConfigError extends Schema.TaggedError<ConfigError>()("ConfigError", {
  /** JSON path of the offending value, e.g. `servers[0].listeners[1].address`. */
  path: Schema.String,
  /** What was expected there. */
  expected: Schema.String,
  message: Schema.String
}) {
  static at(path: string, expected: string): ConfigError {
    return new ConfigError({ path, expected, message: `config error at ${path === "" ? "(root)" : path}: ${expected}` })
  }
  /** The same error seen from an enclosing config: `prefix` + this path. */
  under(prefix: string): ConfigError {
    const path = this.path === "" ? prefix : prefix === "" || this.path.startsWith("[") ? prefix + this.path : `${prefix}.${this.path}`
    return ConfigError.at(path, this.expected)
  }
}
