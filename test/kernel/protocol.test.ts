/**
 * The course kernel (tslab plus jupyter/kernels/private-clustering-ts/protocol.js) against the Jupyter
 * messaging protocol, through a real kernel process started from the kernelspec and a client of our own
 * (./client.ts). One kernel serves the whole file (start-up costs a few seconds).
 *
 * Every test here checks something tslab 1.0.22 gets wrong on its own: run the file with
 * `COURSE_KERNEL_PATCHES=0` to see each one fail against the unpatched kernel.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { KernelClient, type Message } from "./client";

/** tslab drops requests for 200 ms after a failed cell; tests that fail a cell wait this long after. */
const AFTER_ERROR_MS = 400;

const types = (messages: Message[]) => messages.map((m) => m.header.msg_type);
const streams = (messages: Message[], name: string) =>
  messages
    .filter((m) => m.header.msg_type === "stream" && m.content.name === name)
    .map((m) => String(m.content.text))
    .join("");

describe("the course kernel speaks the Jupyter protocol", () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await KernelClient.start();
  });
  after(async () => {
    await kernel?.close();
  });

  test("kernel_info_reply has status ok and the TypeScript version cells compile with", async () => {
    const { reply } = await kernel.request("kernel_info_request", {});
    assert.equal(reply.header.msg_type, "kernel_info_reply");
    assert.equal(reply.content.status, "ok");
    assert.equal(reply.content.protocol_version, "5.3");
    const info = reply.content.language_info as { name: string; version: string };
    assert.equal(info.name, "typescript");
    assert.equal(info.version, (require("@tslab/typescript-for-tslab") as { version: string }).version);
  });

  test("a cell's last value is one execute_result (text/plain, execution count), not stdout", async () => {
    const code = [
      'import { formatPercent } from "./src/viz/format";',
      'import * as tslab from "tslab";',
      'tslab.display.html("<b>shown first</b>");',
      'console.log("printed");',
      "[1, 2, 3].map((x) => x * 2)",
    ].join("\n");
    const { reply, iopub } = await kernel.execute(code);
    assert.equal(reply.content.status, "ok");
    const count = reply.content.execution_count;
    assert.equal(typeof count, "number");
    assert.deepEqual(types(iopub), ["execute_input", "display_data", "stream", "execute_result"]);
    assert.deepEqual(iopub[0]!.content, { code, execution_count: count });
    const result = iopub[3]!.content;
    assert.equal(result.execution_count, count);
    assert.deepEqual(result.data, { "text/plain": "[ 2, 4, 6 ]" });
    assert.equal(streams(iopub, "stdout"), "printed\n", "the value is not printed as well");

    // A string is shown as console.log shows it (a receipt table keeps its lines); a project import works.
    const text = await kernel.execute('formatPercent(0.25) + "\\nsecond line"');
    assert.deepEqual(text.iopub.find((m) => m.header.msg_type === "execute_result")?.content.data, {
      "text/plain": "25.0%\nsecond line",
    });
    assert.equal(streams(text.iopub, "stdout"), "");
  });

  test("cells without a value send no execute_result; silent ones publish nothing", async () => {
    const statement = await kernel.execute("const unused = 1;\nconsole.log(unused)");
    assert.deepEqual(types(statement.iopub), ["execute_input", "stream"]);
    const silent = await kernel.execute("40 + 2", { silent: true, store_history: false });
    assert.equal(silent.reply.content.status, "ok");
    assert.deepEqual(types(silent.iopub), [], "silent: no execute_input, no result, no stdout");
  });

  test("a thrown error: iopub error and an error reply with ename, evalue and traceback, not stderr text", async () => {
    const { reply, iopub } = await kernel.execute('console.log("before");\nthrow new RangeError("boom from the test");');
    await sleep(AFTER_ERROR_MS);
    assert.equal(reply.content.status, "error");
    assert.equal(typeof reply.content.execution_count, "number");
    assert.equal(reply.content.ename, "RangeError");
    assert.equal(reply.content.evalue, "boom from the test");
    const traceback = reply.content.traceback as string[];
    assert.ok(Array.isArray(traceback) && traceback.every((line) => typeof line === "string"), "traceback: a list of strings");
    assert.ok(traceback.includes("RangeError: boom from the test"), traceback.join("\n"));
    assert.ok(!traceback.some((line) => /tslab[\\/]dist|protocol\.js|node:vm/.test(line)), "no kernel-internal frames");
    assert.deepEqual(types(iopub), ["execute_input", "stream", "error"]);
    assert.deepEqual(iopub[2]!.content, { ename: "RangeError", evalue: "boom from the test", traceback });
    assert.equal(streams(iopub, "stdout"), "before\n");
    assert.equal(streams(iopub, "stderr"), "", "the error is shown once, as the error output");
  });

  test("a type error: TSError with the diagnostic, in the reply and on iopub", async () => {
    const { reply, iopub } = await kernel.execute('const n: number = "text";');
    await sleep(AFTER_ERROR_MS);
    assert.equal(reply.content.status, "error");
    assert.equal(reply.content.ename, "TSError");
    assert.equal(reply.content.evalue, "1:7 - Type 'string' is not assignable to type 'number'.");
    assert.deepEqual(reply.content.traceback, ["1:7 - Type 'string' is not assignable to type 'number'."]);
    const error = iopub.find((m) => m.header.msg_type === "error");
    assert.deepEqual(error?.content, { ename: reply.content.ename, evalue: reply.content.evalue, traceback: reply.content.traceback });
    assert.equal(streams(iopub, "stderr"), "");
  });

  test('a request queued behind a failed cell is answered "aborted" (the protocol\'s word)', async () => {
    const [failed, dropped] = await Promise.all([kernel.execute('throw new Error("first")'), kernel.execute("1 + 1")]);
    await sleep(AFTER_ERROR_MS);
    assert.equal(failed.reply.content.status, "error");
    assert.equal(dropped.reply.content.status, "aborted");
    const after = await kernel.execute('"still alive"');
    assert.equal(after.reply.content.status, "ok");
  });

  test("history_request is answered with this session's cells", async () => {
    const marker = `history marker ${Date.now()}`;
    await kernel.execute(`const marked = ${JSON.stringify(marker)};`);
    const tail = await kernel.request("history_request", { hist_access_type: "tail", n: 2, output: false, raw: true }, { timeoutMs: 5000 });
    assert.equal(tail.reply.header.msg_type, "history_reply");
    assert.equal(tail.reply.content.status, "ok");
    const history = tail.reply.content.history as [number, number, string][];
    assert.equal(history.length, 2);
    const [session, line, input] = history[1]!;
    assert.equal(input, `const marked = ${JSON.stringify(marker)};`);
    assert.ok(Number.isInteger(session) && Number.isInteger(line) && line > history[0]![1]);
    const search = await kernel.request("history_request", { hist_access_type: "search", pattern: "*history marker*", output: false, raw: true }, { timeoutMs: 5000 });
    assert.deepEqual((search.reply.content.history as unknown[]).map((h) => (h as unknown[])[2]), [input]);
  });

  test('is_complete: "invalid" for code that cannot parse, "incomplete" for an open block, else "complete"', async () => {
    const status = async (code: string) => (await kernel.request("is_complete_request", { code })).reply.content;
    assert.deepEqual(await status("}}}"), { status: "invalid" });
    assert.deepEqual(await status("let = ;"), { status: "invalid" });
    assert.deepEqual(await status("let = ;\nfunction f() {"), { status: "invalid" }, "no more input can fix line 1");
    assert.deepEqual(await status("function f() {"), { status: "incomplete", indent: "  " });
    assert.deepEqual(await status("const total = [1, 2,"), { status: "incomplete", indent: "  " });
    assert.equal((await status("const s = `first line")).status, "incomplete");
    assert.deepEqual(await status("const a = 1;\na + 1"), { status: "complete" });
    assert.deepEqual(await status("const y = <number>(1 as unknown);"), { status: "complete" }, "a cast, not JSX");
  });

  test("comm_info_request gets a comm_info_reply with status ok", async () => {
    const { reply } = await kernel.request("comm_info_request", {});
    assert.equal(reply.header.msg_type, "comm_info_reply");
    assert.deepEqual(reply.content, { status: "ok", comms: {} });
  });

  test("shutdown_request: a reply with status ok, then the process ends; no protocol faults all along", async () => {
    const { reply } = await kernel.request("shutdown_request", { restart: false }, { channel: "control" });
    assert.equal(reply.header.msg_type, "shutdown_reply");
    assert.deepEqual(reply.content, { status: "ok", restart: false });
    assert.equal(await kernel.exited(10_000), 0);
    assert.deepEqual(kernel.faults, []);
  });
});
