/**
 * `npm start -- --no-browser` serves the course: the printed URL answers, lists the lessons, and the
 * welcome notebook opens on the project's own kernel.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { projectRoot } from "../scripts/lib/project";

async function waitForUrl(output: () => string, timeoutMs: number): Promise<URL> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /The course is open at: (\S+)/.exec(output());
    if (match) return new URL(match[1]!);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no URL printed within ${timeoutMs} ms; output:\n${output()}`);
}

test("npm start serves the notebooks on the project kernel", { timeout: 90_000 }, async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--no-browser", `--port=${port}`], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const url = await waitForUrl(() => output, 60_000);
    const token = url.searchParams.get("token") ?? "";
    const api = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(path, url.origin), {
        ...init,
        headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      });
      assert.ok(response.ok, `${init.method ?? "GET"} ${path}: HTTP ${response.status}`);
      return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };

    const page = await fetch(url);
    assert.equal(page.status, 200, "the printed URL answers");

    const listing = await api("/api/contents/");
    const names: string[] = listing.content.map((entry: { name: string }) => entry.name);
    assert.ok(names.includes("00-welcome.ipynb"), `the server lists the lessons, got: ${names.join(", ")}`);

    const specs = await api("/api/kernelspecs");
    const ours = specs.kernelspecs["private-clustering-ts"];
    assert.ok(ours, "the project kernelspec is visible to the server");
    assert.equal(ours.spec.display_name, "TypeScript (private clustering course)");

    const welcome = await api("/api/contents/00-welcome.ipynb");
    assert.equal(welcome.content.metadata.kernelspec.name, "private-clustering-ts");

    // Opening the notebook starts the project's kernel.
    const session = await api("/api/sessions", {
      method: "POST",
      body: JSON.stringify({ path: "00-welcome.ipynb", type: "notebook", kernel: { name: "private-clustering-ts" } }),
    });
    assert.equal(session.kernel.name, "private-clustering-ts");
    await api(`/api/sessions/${session.id}`, { method: "DELETE" }).catch(() => undefined);
  } finally {
    // The server runs in its own process group: stop it and its kernels.
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  }
});
