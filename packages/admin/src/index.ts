// @mosaic/admin: the admin HTTP server (metrics, MOSN/Envoy admin endpoints, Layotto actuator health).
export { AdminBindError, type AdminOptions, type AdminServer, DEFAULT_ADMIN_PORT, startAdmin } from "./admin-server.ts"
export type { AdminSource } from "./admin-source.ts"
export { bindRefusal, isLoopback } from "./bind-policy.ts"
export { type HealthReport, type HealthStatus, type Indicator, httpStatus, lifecycleIndicator, overall } from "./health.ts"
export { REDACTED, redact } from "./redact.ts"
export { DASHBOARD_GROUPS, type DashboardSnapshot, DashboardSampler, type GroupSpec, type RegistryLike } from "./dashboard-sampler.ts"
export { histogramQuantile } from "./histogram-quantile.ts"
