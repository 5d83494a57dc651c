import { test } from "node:test"
import assert from "node:assert/strict"
import { decodeDubboRequestBody, dubboArgType, encodeDubboRequestBody } from "./dubbo-request.ts"
import { HessianError } from "./hessian-error.ts"
import { encode } from "./writer.ts"
import { java } from "./java.ts"
import { dubboBody, frames, toHex } from "../testdata/bolt-dubbo.ts"

const IFACE = "com.example.EchoService"
const jsAttachments = { application: "dubbo2.js", interface: IFACE, path: IFACE, version: "1.0.0" }

test("encodeDubboRequestBody writes the bytes of dubbo2.js and sofa-rpc-node", () => {
  const echo = { dubboVersion: "2.0.2", path: IFACE, version: "1.0.0", method: "echo", args: ["hello"], attachments: jsAttachments }
  assert.equal(toHex(encodeDubboRequestBody(echo)), toHex(dubboBody(frames.dubboReq)))
  assert.equal(toHex(encodeDubboRequestBody({ ...echo, descriptor: "Ljava/lang/String;" })), toHex(dubboBody(frames.dubboReq)))
  const plus = { ...echo, method: "plus", argTypes: ["int", "int"], args: [1, 2] }
  assert.equal(toHex(encodeDubboRequestBody(plus)), toHex(dubboBody(frames.dubboPlusReq)))
  const sofa = {
    dubboVersion: "5.3.0",
    path: IFACE,
    version: "1.0.0",
    method: "echo",
    args: [java.String("hello")],
    attachments: { dubbo: "5.3.0", group: "SOFA", path: IFACE, service: IFACE + ":1.0.0", version: "1.0.0" }
  }
  assert.equal(toHex(encodeDubboRequestBody(sofa)), toHex(dubboBody(frames.dubboSofaClientReq)))
})

test("decodeDubboRequestBody counts arguments from the descriptor", () => {
  assert.deepEqual(decodeDubboRequestBody(dubboBody(frames.dubboReq)), {
    dubboVersion: "2.0.2",
    path: IFACE,
    version: "1.0.0",
    method: "echo",
    descriptor: "Ljava/lang/String;",
    argTypes: ["java.lang.String"],
    args: ["hello"],
    attachments: jsAttachments
  })
  const plus = decodeDubboRequestBody(dubboBody(frames.dubboPlusReq))
  assert.deepEqual([plus.method, plus.descriptor, plus.argTypes, plus.args], ["plus", "II", ["int", "int"], [1, 2]])
  assert.equal(decodeDubboRequestBody(dubboBody(frames.dubboSofaClientReq)).attachments.group, "SOFA")
})

test("Dubbo request round trip: typed arguments, null version, Dubbox marker, no attachments", () => {
  const body = {
    dubboVersion: "2.0.2",
    path: "p.S",
    version: null,
    method: "m",
    args: [java.long(5), java.array("int", [1]), java.object("p.U", { a: 1 }), null],
    argTypes: ["long", "int[]", "p.U", "java.lang.String"]
  }
  const bytes = encodeDubboRequestBody(body, { dubbox: true })
  const back = decodeDubboRequestBody(bytes, { withType: true })
  assert.equal(back.descriptor, "J[ILp/U;Ljava/lang/String;")
  assert.equal(back.version, null)
  assert.deepEqual(back.args, [{ $class: "long", $: 5 }, { $class: "[int", $: [1] }, { $class: "p.U", $: { a: 1 } }, null])
  assert.deepEqual(back.attachments, {})
  const bare = new Uint8Array([...encode("2.0.2"), ...encode("p.S"), ...encode("1"), ...encode("m"), ...encode("")])
  assert.deepEqual(decodeDubboRequestBody(bare).attachments, {})
  assert.throws(() => decodeDubboRequestBody(encode(1)), (e: unknown) => e instanceof HessianError && e.reason === "UnexpectedType")
})

test("dubboArgType maps JS values to Java types", () => {
  assert.deepEqual(
    ["s", 1, 2 ** 33, 0.5, true, 1n, new Date(), new Uint8Array(), [], {}, null, java.Long(1)].map(dubboArgType),
    ["java.lang.String", "int", "long", "double", "boolean", "long", "java.util.Date", "[B", "java.util.List", "java.util.Map", "java.lang.Object", "java.lang.Long"]
  )
})
