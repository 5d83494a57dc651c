// Example plugin package: the `file` host source.
export { FileHostsConfig, fileHostSourcePlugin, HostsFile } from "./file-host-source.ts"
