import { test } from "node:test"
import assert from "node:assert/strict"
import { javaDescriptor, parseJavaDescriptor, typeDescriptor } from "./jvm-descriptor.ts"
import { HessianError } from "./hessian-error.ts"

test("javaDescriptor maps Java type names to JVM descriptors", () => {
  assert.equal(javaDescriptor(["java.lang.String"]), "Ljava/lang/String;")
  assert.equal(javaDescriptor(["int", "int"]), "II")
  assert.equal(javaDescriptor(["boolean", "byte", "char", "double", "float", "int", "long", "short", "void"]), "ZBCDFIJSV")
  assert.equal(javaDescriptor(["int[]", "java.lang.String[][]"]), "[I[[Ljava/lang/String;")
  assert.equal(javaDescriptor(["[I", "[Ljava.lang.String;", "[[J"]), "[I[Ljava/lang/String;[[J")
  assert.equal(javaDescriptor(["[int", "[java.lang.String", "[[com.foo.A"]), "[I[Ljava/lang/String;[[Lcom/foo/A;")
  assert.equal(javaDescriptor([]), "")
  assert.equal(typeDescriptor("com.foo.Outer$Inner"), "Lcom/foo/Outer$Inner;")
  assert.throws(() => typeDescriptor(" "), (e: unknown) => e instanceof HessianError && e.reason === "InvalidValue")
})

test("parseJavaDescriptor maps descriptors back to type names", () => {
  assert.deepEqual(parseJavaDescriptor("Ljava/lang/String;I[J"), ["java.lang.String", "int", "long[]"])
  assert.deepEqual(parseJavaDescriptor("ZBCDFIJSV"), ["boolean", "byte", "char", "double", "float", "int", "long", "short", "void"])
  assert.deepEqual(parseJavaDescriptor("[[Lcom/foo/A;"), ["com.foo.A[][]"])
  assert.deepEqual(parseJavaDescriptor(""), [])
  for (const bad of ["Ljava/lang/String", "Q", "[", "I["]) {
    assert.throws(() => parseJavaDescriptor(bad), (e: unknown) => e instanceof HessianError && e.reason === "InvalidValue")
  }
  const types = ["java.util.Map", "int[][]", "double", "com.foo.Bar[]"]
  assert.deepEqual(parseJavaDescriptor(javaDescriptor(types)), types)
})
