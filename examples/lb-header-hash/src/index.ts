// Example plugin package: the LB_HEADER_HASH load balancer.
export { HeaderHashConfig, headerHashPlugin, makeHeaderHash } from "./header-hash.ts"
