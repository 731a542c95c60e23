/**
 * No empty output prompt under a card (issue 22, finding 5): a checkpoint's or exercise's check returns an
 * Outcome that prints as nothing in a notebook (its card is already shown), and the course kernel used to
 * publish that as an empty `execute_result`, which JupyterLab draws as an empty `Out[N]:` prompt. A value
 * that prints as nothing is now no result at all; a value that prints something still is one.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KernelClient, type Message } from "./client";

const types = (messages: Message[]) => messages.map((m) => m.header.msg_type);

let kernel: KernelClient;
before(async () => {
  kernel = await KernelClient.start();
});
after(async () => {
  await kernel?.close();
});

test("a checkpoint's check shows its card and publishes no execute_result", async () => {
  const code = [
    'import * as checkpoints from "./src/exercises/checkpoints";',
    "// The first checkpoint of the course, whatever its name: each has check(answer).",
    "const cp = Object.values(checkpoints).find((v: any) => v && typeof v.check === \"function\") as any;",
    'cp.check("")',
  ].join("\n");
  const { reply, iopub } = await kernel.execute(code);
  assert.equal(reply.content.status, "ok", JSON.stringify(reply.content));
  assert.deepEqual(types(iopub), ["execute_input", "display_data"], "the card, and no (empty) result under it");
  const html = String((iopub[1]!.content.data as Record<string, unknown>)["text/html"]);
  assert.match(html, /data-kind="outcome"/, "the card is the outcome card");
});

test("any value that prints as nothing is no result; one that prints something is", async () => {
  const silent = await kernel.execute(
    'import { inspect } from "util";\nconst quiet = { [inspect.custom]: () => "" };\nquiet',
  );
  assert.deepEqual(types(silent.iopub), ["execute_input"]);
  const loud = await kernel.execute('const loud = { [inspect.custom]: () => "loud" };\nloud');
  assert.deepEqual(types(loud.iopub), ["execute_input", "execute_result"]);
  assert.deepEqual(loud.iopub[1]!.content.data, { "text/plain": "loud" });
});
