// Java type names <-> JVM descriptors, as Dubbo writes parameter types ("Ljava/lang/String;I[J").
import { HessianError } from "./hessian-error.ts"

const primitiveCodes: Record<string, string> = {
  boolean: "Z",
  byte: "B",
  char: "C",
  double: "D",
  float: "F",
  int: "I",
  long: "J",
  short: "S",
  void: "V"
}
const primitiveNames: Record<string, string> = {
  Z: "boolean",
  B: "byte",
  C: "char",
  D: "double",
  F: "float",
  I: "int",
  J: "long",
  S: "short",
  V: "void"
}

/**
 * The descriptor of one Java type. Accepts source names (`int`, `java.lang.String`, `int[]`),
 * `Class.getName()` array names (`[I`, `[Ljava.lang.String;`) and Hessian array types (`[int`, `[java.lang.String`).
 */
export const typeDescriptor = (type: string): string => {
  const t = type.trim()
  if (t === "") throw new HessianError("InvalidValue", "empty Java type name")
  const prim = primitiveCodes[t]
  if (prim !== undefined) return prim
  if (t.endsWith("[]")) return "[" + typeDescriptor(t.slice(0, -2))
  if (t.startsWith("[")) {
    const rest = t.slice(1)
    if (rest.length === 1 && primitiveNames[rest] !== undefined) return t
    if (rest.startsWith("[")) return "[" + typeDescriptor(rest)
    if (rest.startsWith("L") && rest.endsWith(";")) return "[" + rest.replaceAll(".", "/")
    return "[" + typeDescriptor(rest)
  }
  return "L" + t.replaceAll(".", "/") + ";"
}

/** `javaDescriptor(["java.lang.String", "int", "long[]"])` is `"Ljava/lang/String;I[J"`. */
export const javaDescriptor = (argTypes: ReadonlyArray<string>): string => {
  let out = ""
  for (const t of argTypes) out += typeDescriptor(t)
  return out
}

/** `parseJavaDescriptor("Ljava/lang/String;I[J")` is `["java.lang.String", "int", "long[]"]`. */
export const parseJavaDescriptor = (descriptor: string): Array<string> => {
  const out: Array<string> = []
  let i = 0
  const n = descriptor.length
  while (i < n) {
    let dims = 0
    while (descriptor[i] === "[") {
      dims++
      i++
    }
    const c = descriptor[i]
    let name: string
    if (c === "L") {
      const semi = descriptor.indexOf(";", i)
      if (semi < 0) throw new HessianError("InvalidValue", `unterminated class in descriptor "${descriptor}"`)
      name = descriptor.slice(i + 1, semi).replaceAll("/", ".")
      i = semi + 1
    } else if (c !== undefined && primitiveNames[c] !== undefined) {
      name = primitiveNames[c]
      i++
    } else {
      throw new HessianError("InvalidValue", `bad descriptor "${descriptor}" at ${i}`)
    }
    out.push(name + "[]".repeat(dims))
  }
  return out
}
