// CPU time of a process from /proc/<pid>/stat (Linux): user + system, in milliseconds.
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"

let ticksPerSec: number | undefined

/** utime + stime of `pid` in ms, or NaN when /proc is not readable. */
export const cpuTimeMs = (pid: number): number => {
  try {
    ticksPerSec ??= Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSec
  } catch {
    return Number.NaN
  }
}
