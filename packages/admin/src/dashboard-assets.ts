// The dashboard's files: the page from the package's dashboard/ folder and uPlot from the installed uplot package, read once.
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

export interface Asset {
  readonly body: string
  readonly type: string
}

/** URL path → where the file is: the package's own (from src/ or dist/, one level under the package root) or uplot's. */
const FILES: ReadonlyArray<readonly [path: string, file: string, type: string]> = [
  ["/", "dashboard/index.html", "text/html; charset=utf-8"],
  ["/dashboard/dashboard.js", "dashboard/dashboard.js", "text/javascript; charset=utf-8"],
  ["/dashboard/dashboard.css", "dashboard/dashboard.css", "text/css; charset=utf-8"],
  ["/dashboard/uplot.js", "uplot/dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"],
  ["/dashboard/uplot.css", "uplot/dist/uPlot.min.css", "text/css; charset=utf-8"]
]

export const DASHBOARD_PATHS: ReadonlyArray<string> = FILES.map(([p]) => p)

let cache: Map<string, Asset> | undefined

const locate = (file: string): string =>
  file.startsWith("dashboard/")
    ? fileURLToPath(new URL(`../${file}`, import.meta.url))
    : createRequire(import.meta.url).resolve(file)

/** The dashboard's files by URL path; throws (once per call, not cached) when one is missing from the install. */
export const dashboardAssets = (): Map<string, Asset> => {
  if (cache !== undefined) return cache
  const out = new Map<string, Asset>()
  for (const [path, file, type] of FILES) out.set(path, { body: readFileSync(locate(file), "utf8"), type })
  cache = out
  return out
}
