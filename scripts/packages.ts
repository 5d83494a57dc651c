// Checks (and with --fix, edits line by line) every workspace package's publishing fields: dist exports, files, ranges, metadata.
// Usage: node scripts/packages.ts [--fix]   exits 1 listing each problem as "<package.json>: <problem>".
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const fix = process.argv.includes("--fix")

// Every package under packages/ and apps/ publishes, except these (repo-only demo upstreams).
export const privatePackages = new Set(["@mosaic/demo-services"])
const repositoryUrl = "git+https://github.com/mosaic-runtime/mosaic.git"
const internalRange = "^0.1.0"
// Shared libraries whose types cross package boundaries: one copy in the consumer's tree.
const peerRanges: Record<string, string> = {
  "effect": "^4.1.0",
  "@bufbuild/protobuf": "^2.17.0",
  "@connectrpc/connect": "^2.2.0"
}
// Used inside one package only: ordinary dependencies.
const depRanges: Record<string, string> = { "@connectrpc/connect-node": "^2.2.0" }
const prepack = `node -e "require('node:fs').rmSync('dist',{recursive:true,force:true})" && npm run build`

interface Manifest {
  name: string
  version?: string
  private?: boolean
  license?: string
  main?: string
  types?: string
  exports?: Record<string, Record<string, string>>
  files?: Array<string>
  scripts?: Record<string, string>
  bin?: Record<string, string>
  repository?: { type?: string; url?: string; directory?: string }
  engines?: Record<string, string>
  publishConfig?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

export const workspaceDirs = (): Array<string> =>
  ["packages", "apps"].flatMap((d) =>
    readdirSync(join(root, d)).map((n) => `${d}/${n}`).filter((p) => existsSync(join(root, p, "package.json")))
  ).sort()

const problems: Array<string> = []

// Line edits: each changes one field's text in place (or inserts one line), so concurrent edits to other lines survive.
const edit = (file: string, f: (text: string) => string): void => {
  const before = readFileSync(file, "utf8")
  const after = f(before)
  if (after !== before) {
    JSON.parse(after)
    writeFileSync(file, after)
  }
}
const insertAfterLine = (text: string, key: string, line: string): string => {
  const re = new RegExp(`^(  "${key}": [^\\n]*\\n)`, "m")
  if (!re.test(text)) throw new Error(`no top-level "${key}" line to insert after`)
  return text.replace(re, `$1${line}\n`)
}
const insertBeforeLine = (text: string, key: string, line: string): string => {
  const re = new RegExp(`^(  "${key}": )`, "m")
  if (!re.test(text)) throw new Error(`no top-level "${key}" line to insert before`)
  return text.replace(re, `${line}\n$1`)
}
// Replaces a one-line field, or inserts it after (or, with "^key", before) another field's line.
const setLine = (text: string, key: string, value: string, where: string): string => {
  const re = new RegExp(`^  "${key}": (\\[[^\\]\\n]*\\]|\\{[^}\\n]*\\}|"[^"]*"|true|false)(,?)$`, "m")
  if (re.test(text)) return text.replace(re, `  "${key}": ${value}$2`)
  return where.startsWith("^")
    ? insertBeforeLine(text, where.slice(1), `  "${key}": ${value},`)
    : insertAfterLine(text, where, `  "${key}": ${value},`)
}
const setRange = (text: string, name: string, range: string): string =>
  text.replaceAll(new RegExp(`("${name.replace("/", "\\/")}": ?)"[^"]*"`, "g"), `$1"${range}"`)

const fixManifest = (dir: string, m: Manifest): void => {
  const file = join(root, dir, "package.json")
  edit(file, (t) => {
    for (const name of Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.peerDependencies })) {
      if (name.startsWith("@mosaic/")) t = setRange(t, name, internalRange)
      else if (name in peerRanges) t = setRange(t, name, peerRanges[name]!)
      else if (name in depRanges) t = setRange(t, name, depRanges[name]!)
    }
    if (privatePackages.has(m.name)) return t
    t = t.replace(/,\n {2}"private": true\n\}/, "\n}").replace(/^ {2}"private": true,?\n/m, "")
    // a shared library listed in dependencies moves to peerDependencies
    const peers = Object.keys(m.dependencies ?? {}).filter((n) => n in peerRanges)
    for (const name of peers) {
      const esc = name.replace("/", "\\/")
      t = t.replace(new RegExp(`,\\s*"${esc}": "[^"]*"(?=[^\\n]*\\n?\\s*[}\\n])`), "")
        .replace(new RegExp(`"${esc}": "[^"]*",\\s*`), "")
        .replace(new RegExp(`\\{\\s*"${esc}": "[^"]*"\\s*\\}`), "{}")
    }
    if (peers.length > 0 || m.peerDependencies) {
      const all = { ...m.peerDependencies, ...Object.fromEntries(peers.map((n) => [n, peerRanges[n]!])) }
      t = setLine(t, "peerDependencies", `{ ${Object.keys(all).map((n) => `"${n}": "${peerRanges[n] ?? all[n]}"`).join(", ")} }`, "^dependencies")
    }
    t = setLine(t, "repository", `{ "type": "git", "url": "${repositoryUrl}", "directory": "${dir}" }`, "license")
    t = setLine(t, "engines", `{ "node": ">=22" }`, "repository")
    t = setLine(t, "publishConfig", `{ "access": "public" }`, "engines")
    t = setLine(t, "main", `"./dist/index.js"`, "publishConfig")
    t = setLine(t, "types", `"./dist/index.d.ts"`, "main")
    t = t.replace(/("types": )"\.\/src\/([^"]*)\.ts"/g, `$1"./dist/$2.d.ts"`)
    const extra = dir === "packages/proto" ? [`"proto"`] : dir === "packages/admin" ? [`"dashboard"`] : dir.startsWith("apps/") ? [`"bin"`, `"configs"`].filter((x) => existsSync(join(root, dir, JSON.parse(x)))) : []
    t = t.replace(/^ {2}"files": \[[^\]]*\],?$/m, `  "files": [${[`"dist"`, ...extra, `"README.md"`, `"LICENSE"`].join(", ")}],`)
    t = t.replace(/^( {2}"scripts": \{[^}]*?)(\s*"build": "[^\n]*?")(\s*)(\},?|\n)/m, (all, head: string, build: string, ws: string, end: string) =>
      all.includes(`"prepack"`)
        ? all
        : `${head}${build},${build.startsWith("\n") ? "\n    " : " "}"prepack": ${JSON.stringify(prepack)}${ws}${end}`)
    return t
  })
}

const check = (dir: string, m: Manifest): void => {
  const p = (s: string) => problems.push(`${dir}/package.json: ${s}`)
  for (const [kind, deps] of [["dependencies", m.dependencies], ["devDependencies", m.devDependencies], ["peerDependencies", m.peerDependencies]] as const) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      if (name.startsWith("@mosaic/") && range !== internalRange) p(`${kind} ${name}: "${range}", want "${internalRange}"`)
      if (name in peerRanges && range !== peerRanges[name]) p(`${kind} ${name}: "${range}", want "${peerRanges[name]}"`)
      if (range === "*") p(`${kind} ${name}: "*"`)
    }
  }
  if (m.version !== "0.1.0") p(`version ${m.version}`)
  if (privatePackages.has(m.name)) {
    if (m.private !== true) p(`repo-only package must be "private": true`)
    return
  }
  if (m.private) p(`publishable package is private`)
  for (const name of Object.keys(m.dependencies ?? {})) {
    if (name in peerRanges) p(`${name} belongs in peerDependencies`)
    if (privatePackages.has(name)) p(`depends on private ${name} (make it a devDependency)`)
  }
  if (m.license !== "Apache-2.0") p(`license ${m.license}`)
  if (!existsSync(join(root, dir, "LICENSE"))) p(`no LICENSE file`)
  if (!existsSync(join(root, dir, "README.md"))) p(`no README.md`)
  if (m.repository?.url !== repositoryUrl || m.repository.directory !== dir) p(`repository ${JSON.stringify(m.repository)}`)
  if (m.engines?.node !== ">=22") p(`engines ${JSON.stringify(m.engines)}`)
  if (m.publishConfig?.access !== "public") p(`publishConfig.access ${m.publishConfig?.access}`)
  if (m.main !== "./dist/index.js" || m.types !== "./dist/index.d.ts") p(`main/types ${m.main} ${m.types}`)
  for (const [sub, entry] of Object.entries(m.exports ?? {})) {
    const keys = Object.keys(entry)
    if (keys[0] !== "@mosaic/source" || !entry["@mosaic/source"]!.startsWith("./src/")) p(`exports["${sub}"]: "@mosaic/source" must come first, into src`)
    if (!entry.types?.startsWith("./dist/") || !entry.types.endsWith(".d.ts")) p(`exports["${sub}"].types ${entry.types}`)
    if (!entry.default?.startsWith("./dist/") || !entry.default.endsWith(".js")) p(`exports["${sub}"].default ${entry.default}`)
  }
  if (!m.files?.includes("dist") || m.files.includes("src")) p(`files ${JSON.stringify(m.files)}`)
  if (!m.scripts?.prepack?.includes("npm run build")) p(`no prepack build`)
  for (const [bin, path] of Object.entries(m.bin ?? {})) {
    if (!existsSync(join(root, dir, path))) p(`bin ${bin}: ${path} missing`)
  }
}

for (const dir of workspaceDirs()) {
  const read = () => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest
  if (fix) fixManifest(dir, read())
  check(dir, read())
}
for (const p of problems) console.error(p)
console.log(`packages: ${workspaceDirs().length} manifests, ${problems.length} problems`)
process.exit(problems.length === 0 ? 0 : 1)
