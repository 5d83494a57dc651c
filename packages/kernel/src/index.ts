// @mosaic/kernel: plugin contract, explicit registry, config decoding, lifecycle, one program entry, status codes.
export { definePlugin, kind, type KindError, type KindServices, type KindValue, type Plugin, type PluginKind } from "./plugin.ts"
export { makeRegistry, PluginRef, Registry, type RegistryShape } from "./registry.ts"
export { decodeConfig, joinPath } from "./config.ts"
export { ConfigError, RegistryError } from "./errors.ts"
export { type MainHandle, runMain, startMain } from "./run-main.ts"
export { Lifecycle, type LifecycleShape, type LifecycleState, makeLifecycle } from "./lifecycle.ts"
export { findUnimplemented, type UnimplementedSetting } from "./unimplemented.ts"
export { Code, type CodeName, codeFromHttpStatus, codeMeaning, codeName } from "./status.ts"
