// @mosaic/sidecar: run a runtime from a Layotto/MOSN-shaped config (also the `mosaic` CLI).
export { fromLayottoConfig, LayottoConfig, type RuntimeModel } from "./layotto-config.ts"
export { startFromConfig, type Running, type StartOptions } from "./main.ts"
export { loadPlugins, PluginLoadError, pluginSpecsOf } from "./plugin-loader.ts"
export { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
export { sidecarPlugins } from "./plugins.ts"
export { runDemoCalls } from "./demo-calls.ts"
