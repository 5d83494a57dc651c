// @mosaic/metrics: a small Prometheus registry (the kernel's MetricsShape), text exposition 0.0.4, process metrics.
export { DEFAULT_MAX_LABEL_VALUES, Registry, type RegistryOptions } from "./registry.ts"
export { escapeLabelValue, OTHER } from "./family.ts"
export { CONTENT_TYPE, formatValue } from "./exposition.ts"
export { DURATION_BUCKETS, LOOP_DELAY_BUCKETS } from "./buckets.ts"
export { type ProcessMetricsOptions, startProcessMetrics } from "./process-metrics.ts"
