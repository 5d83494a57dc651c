// ensureTool: make sure an external command exists, installing its Debian package with apt-get when missing.
import { spawnSync } from "node:child_process"

const has = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0

const apt = (args: ReadonlyArray<string>): boolean =>
  spawnSync("apt-get", args, { stdio: "ignore", timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0

/**
 * True when `cmd` is on PATH, installing `aptPackage` if needed (`apt-get update` first when the
 * install fails). When that is impossible, prints the exact command to run and returns false.
 */
export const ensureTool = (cmd: string, aptPackage: string): boolean => {
  if (has(cmd)) return true
  const install = ["install", "-y", "--no-install-recommends", aptPackage]
  if ((apt(install) || (apt(["update"]) && apt(install))) && has(cmd)) return true
  console.error(`${cmd} is missing and could not be installed; run: apt-get update && apt-get install -y --no-install-recommends ${aptPackage}`)
  return false
}
