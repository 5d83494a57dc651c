// @mosaic/sidecar: run a runtime from a Layotto/MOSN-shaped config (also the `mosaic` CLI).
export { fromLayottoConfig, LayottoConfig, type RuntimeModel } from "./layotto-config.ts"
export { startFromConfig, type Running } from "./main.ts"
export { runtimeLayer, startRuntime, type RuntimeHandle } from "./runtime.ts"
export { sidecarPlugins } from "./plugins.ts"
export { runDemoCalls } from "./demo-calls.ts"
