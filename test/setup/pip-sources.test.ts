/**
 * Reading pip's configuration, probing its sources and restricting pip to the ones that answer
 * (scripts/lib/pip-sources.ts). Probes run against servers on the loopback; nothing is installed.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, test } from "node:test";
import {
  DEFAULT_INDEX_URL,
  parsePipConfigList,
  pipEnvFor,
  pipSettingsFrom,
  pipSources,
  probeSource,
  type PipSettings,
} from "../../scripts/lib/pip-sources";
import { findExecutable } from "../../scripts/lib/project";
import { answeringIndex, closedPortUrl, stalledIndex } from "./servers";

// `pip config list` as printed on a machine with a local index added in the user's config.
const CONFIG_LIST = [
  ":env:.default-timeout='180'",
  ":env:.find-links='/opt/wheels'",
  "global.cert='/etc/ssl/certs/ca-certificates.crt'",
  "global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'",
  "global.find-links='/elsewhere'",
  "",
].join("\n");

describe("pip's settings", () => {
  test("parsed from `pip config list`; PIP_* variables outrank [install], which outranks [global]", () => {
    const values = parsePipConfigList(CONFIG_LIST + "install.cert='/install/ca.pem'\n");
    const settings = pipSettingsFrom(values);
    assert.deepEqual(settings, {
      indexUrl: DEFAULT_INDEX_URL,
      extraIndexUrls: ["file:///opt/pypi/simple", "file:///opt/pypi-more/simple"],
      findLinks: ["/opt/wheels"],
      noIndex: false,
      cert: "/install/ca.pem",
    });
    assert.equal(pipSettingsFrom({ "global.index-url": "https://mirror/simple", ":env:.index-url": "http://env/simple" }).indexUrl, "http://env/simple");
  });

  test("sources in pip's order, indexes first; no-index leaves only find-links", () => {
    const settings = pipSettingsFrom(parsePipConfigList(CONFIG_LIST));
    assert.deepEqual(pipSources(settings), [
      { kind: "index", location: DEFAULT_INDEX_URL },
      { kind: "index", location: "file:///opt/pypi/simple" },
      { kind: "index", location: "file:///opt/pypi-more/simple" },
      { kind: "links", location: "/opt/wheels" },
    ]);
    assert.deepEqual(pipSources({ ...settings, noIndex: true }), [{ kind: "links", location: "/opt/wheels" }]);
  });

  test("the install environment names only the live sources and blanks the configured rest", () => {
    assert.deepEqual(
      pipEnvFor([
        { kind: "index", location: "file:///opt/pypi/simple" },
        { kind: "index", location: "file:///opt/pypi-more/simple" },
        { kind: "links", location: "/opt/wheels" },
      ]),
      { PIP_INDEX_URL: "file:///opt/pypi/simple", PIP_EXTRA_INDEX_URL: "file:///opt/pypi-more/simple", PIP_FIND_LINKS: "/opt/wheels" },
    );
    // A blank variable empties pip's list (an empty one would be ignored and the config used).
    assert.deepEqual(pipEnvFor([{ kind: "index", location: "https://pypi.org/simple" }]), {
      PIP_INDEX_URL: "https://pypi.org/simple",
      PIP_EXTRA_INDEX_URL: " ",
      PIP_FIND_LINKS: " ",
    });
    assert.deepEqual(pipEnvFor([{ kind: "links", location: "/opt/wheels" }]), {
      PIP_NO_INDEX: "1",
      PIP_EXTRA_INDEX_URL: " ",
      PIP_FIND_LINKS: "/opt/wheels",
    });
  });
});

const python = findExecutable("python3");

describe("probing a source", { skip: python ? false : "no python3 on PATH" }, () => {
  const settings: PipSettings = { indexUrl: DEFAULT_INDEX_URL, extraIndexUrls: [], findLinks: [], noIndex: false };
  const env = { ...process.env, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" };
  const probe = (location: string, kind: "index" | "links" = "index") =>
    probeSource({ kind, location }, { python: python!, timeoutSeconds: 1, settings, env });
  const scratch = mkdtempSync(join(tmpdir(), "pip-sources-test-"));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test("an index that accepts and never answers is given up after one attempt", { timeout: 30_000 }, async () => {
    const index = await stalledIndex();
    try {
      const result = await probe(index.url);
      assert.equal(result.ok, false);
      assert.match(result.detail, /^no answer within 1 s/);
      assert.equal(index.connections(), 1, "one connection: no retries");
    } finally {
      await index.close();
    }
  });

  test("a closed port is refused", { timeout: 30_000 }, async () => {
    const result = await probe(await closedPortUrl());
    assert.equal(result.ok, false);
    assert.match(result.detail, /refused/i);
  });

  test("an answering index counts even when it answers 404 (the server is there)", { timeout: 30_000 }, async () => {
    const index = await answeringIndex();
    try {
      const found = await probe(index.url);
      assert.deepEqual([found.ok, found.detail], [true, "HTTP 200"]);
      assert.equal(index.requests[0]?.path, "/simple/jupyterlab/");
      const links = await probe(`${index.url.replace(/\/simple$/, "")}/nothing-here/`, "links");
      assert.deepEqual([links.ok, links.detail], [true, "HTTP 404"]);
    } finally {
      await index.close();
    }
  });

  test("local sources: a folder (path or file: URL) answers, a missing one does not", async () => {
    assert.equal((await probe(pathToFileURL(scratch).href)).ok, true);
    assert.equal((await probe(scratch, "links")).ok, true);
    const missing = await probe(join(scratch, "missing"), "links");
    assert.deepEqual([missing.ok, missing.detail], [false, "no such folder"]);
  });
});
