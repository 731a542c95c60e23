/**
 * Which package sources pip would use on this machine, which of them answer, and how to make pip use only
 * those.
 *
 * Why: pip tries every configured index for every package, retrying an unreachable one 5 times each. On a
 * machine whose default index (PyPI) is unreachable but whose pip config adds a working local index,
 * `pip install jupyterlab` spent 12 minutes retrying PyPI for about 90 packages before finding each one
 * locally. So the set-up reads pip's own effective configuration (`pip config list`: config files and
 * `PIP_*` variables, as pip merges them), probes each source once with a short timeout and no retries, and
 * runs the install with environment variables that name only the sources that answered.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** pip's default index when nothing else is configured. */
export const DEFAULT_INDEX_URL = "https://pypi.org/simple";

/** The settings that decide where `pip install` looks, after pip merged its config files and `PIP_*` variables. */
export interface PipSettings {
  /** `index-url` (default {@link DEFAULT_INDEX_URL}). */
  indexUrl: string;
  /** `extra-index-url`, in order. */
  extraIndexUrls: string[];
  /** `find-links`: folders or pages of package files. */
  findLinks: string[];
  /** `no-index`: look only in `findLinks`. */
  noIndex: boolean;
  /** `cert`: a CA bundle for HTTPS, when configured. */
  cert?: string;
  /** `proxy`, when configured in pip itself (the usual `HTTPS_PROXY` variables are honoured anyway). */
  proxy?: string;
}

/** One place pip may take packages from. */
export interface PipSource {
  /** `index`: a PEP 503 simple index; `links`: a find-links folder or page. */
  kind: "index" | "links";
  /** The URL or path as configured. */
  location: string;
}

/** The outcome of probing one {@link PipSource}. */
export interface SourceProbe {
  source: PipSource;
  /** True when the source answered within the time limit. */
  ok: boolean;
  /** What was seen: the HTTP status, "folder exists", or why it failed. */
  detail: string;
  /** How long the probe took, in milliseconds. */
  ms: number;
}

/**
 * Parse the output of `pip config list` (`section.key='value'` lines; `:env:.key` for `PIP_*` variables).
 *
 * @returns the values by their full name, e.g. `{ "global.index-url": "https://...", ":env:.no-index": "1" }`
 */
export function parsePipConfigList(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^(\S+?)=(['"])(.*)\2\s*$/.exec(line.trim());
    if (match) values[match[1]!] = match[3]!;
  }
  return values;
}

/**
 * The effective install settings from parsed `pip config list` values. pip's precedence for the `install`
 * command: a `PIP_*` variable, then the config files' `[install]` section, then their `[global]` section.
 */
export function pipSettingsFrom(values: Record<string, string>): PipSettings {
  const get = (key: string): string | undefined => values[`:env:.${key}`] ?? values[`install.${key}`] ?? values[`global.${key}`];
  const list = (key: string): string[] => (get(key) ?? "").split(/\s+/).filter(Boolean);
  const settings: PipSettings = {
    indexUrl: get("index-url")?.trim() || DEFAULT_INDEX_URL,
    extraIndexUrls: list("extra-index-url"),
    findLinks: list("find-links"),
    noIndex: /^(1|true|yes|on)$/i.test(get("no-index") ?? ""),
  };
  const cert = get("cert");
  const proxy = get("proxy");
  if (cert) settings.cert = cert;
  if (proxy) settings.proxy = proxy;
  return settings;
}

/** Every source pip would consult, indexes first, as it orders them. */
export function pipSources(settings: PipSettings): PipSource[] {
  const indexes = settings.noIndex ? [] : [settings.indexUrl, ...settings.extraIndexUrls];
  return [
    ...[...new Set(indexes)].map((location): PipSource => ({ kind: "index", location })),
    ...[...new Set(settings.findLinks)].map((location): PipSource => ({ kind: "links", location })),
  ];
}

/** What {@link capture} returns. */
export interface Captured {
  /** Exit code; undefined when killed (time limit) or when the program could not start. */
  code: number | undefined;
  stdout: string;
  stderr: string;
  /** True when the time limit killed it. */
  timedOut: boolean;
}

/**
 * Run a program with its output captured, killed (SIGKILL) at the time limit. Never rejects: a missing
 * program gives `code: undefined` and the reason in `stderr`.
 */
export function capture(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs: number; cwd?: string },
): Promise<Captured> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err) => {
      clearTimeout(timer);
      resolvePromise({ code: undefined, stdout, stderr: stderr + err.message, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? undefined, stdout, stderr, timedOut });
    });
  });
}

/**
 * Read pip's effective settings by asking pip itself (so config files, `PIP_CONFIG_FILE` and `PIP_*`
 * variables are merged exactly as pip merges them).
 *
 * @returns the settings, or undefined when `python -m pip` does not run
 */
export async function readPipSettings(python: string, env: NodeJS.ProcessEnv): Promise<PipSettings | undefined> {
  const result = await capture(python, ["-m", "pip", "config", "list"], { env, timeoutMs: 20_000 });
  if (result.code !== 0) return undefined;
  return pipSettingsFrom(parsePipConfigList(result.stdout));
}

/**
 * One HTTP request through Python's urllib, so proxies (`HTTPS_PROXY`...) and pip's CA bundle apply as they
 * would for pip. Any HTTP answer below 500 counts as "answers" (a 404 for one project still proves the
 * index is there); no answer within the timeout, a refused connection or an unknown host do not.
 */
const HTTP_PROBE = `
import ssl, sys, urllib.error, urllib.request
url, timeout, cert, proxy = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
handlers = [urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=cert or None))]
if proxy:
    handlers.append(urllib.request.ProxyHandler({"http": proxy, "https": proxy}))
opener = urllib.request.build_opener(*handlers)
try:
    with opener.open(urllib.request.Request(url, headers={"User-Agent": "course-setup-probe"}), timeout=timeout) as r:
        status = r.status
except urllib.error.HTTPError as e:
    status = e.code
except Exception as e:
    sys.stderr.write("%s: %s" % (type(e).__name__, getattr(e, "reason", e)))
    sys.exit(1)
if status >= 500:
    sys.stderr.write("HTTP %d" % status)
    sys.exit(1)
print("HTTP %d" % status)
`;

/** Seconds a probe process gets beyond its network timeout before it is killed. */
export const PROBE_GRACE_SECONDS = 12;

/** The local path of a `file:` URL or plain path, or undefined for a network URL. */
function localPath(location: string): string | undefined {
  if (location.startsWith("file:")) {
    try {
      return fileURLToPath(location);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? undefined : location;
}

/**
 * Does this source answer? A local folder must exist; a network index is asked for its `jupyterlab` page,
 * once, with `timeoutSeconds` per connection and read. The process itself is killed {@link PROBE_GRACE_SECONDS}
 * later: that bounds a hanging name lookup (which urllib's timeout does not cover) while leaving room for
 * Python's own start on a loaded machine (2–3 s were seen with a load average of 20).
 */
export async function probeSource(
  source: PipSource,
  options: { python: string; timeoutSeconds: number; settings: PipSettings; env: NodeJS.ProcessEnv },
): Promise<SourceProbe> {
  const started = Date.now();
  const done = (ok: boolean, detail: string): SourceProbe => ({ source, ok, detail, ms: Date.now() - started });
  const path = localPath(source.location);
  if (path !== undefined) {
    const isFolder = existsSync(path) && statSync(path).isDirectory();
    return done(isFolder, isFolder ? "folder exists" : "no such folder");
  }
  const url = source.kind === "index" ? `${source.location.replace(/\/+$/, "")}/jupyterlab/` : source.location;
  const result = await capture(
    options.python,
    ["-c", HTTP_PROBE, url, String(options.timeoutSeconds), options.settings.cert ?? "", options.settings.proxy ?? ""],
    { env: options.env, timeoutMs: (options.timeoutSeconds + PROBE_GRACE_SECONDS) * 1000 },
  );
  if (result.timedOut) return done(false, `no answer within ${options.timeoutSeconds + PROBE_GRACE_SECONDS} s (probe killed)`);
  if (result.code === 0) return done(true, result.stdout.trim());
  const reason = result.stderr.trim().split("\n").pop() || `exit code ${result.code}`;
  return done(false, /timed out/i.test(reason) ? `no answer within ${options.timeoutSeconds} s (${reason})` : reason);
}

/**
 * Environment variables that make pip use exactly these sources and nothing else from its config (a
 * variable outranks the config files; a blank one empties a list). When no index answered but a
 * find-links folder did, `PIP_NO_INDEX` keeps pip off the indexes altogether.
 *
 * @param live - the sources that answered, in pip's order
 */
export function pipEnvFor(live: readonly PipSource[]): Record<string, string> {
  const indexes = live.filter((s) => s.kind === "index").map((s) => s.location);
  const links = live.filter((s) => s.kind === "links").map((s) => s.location);
  const first: Record<string, string> = indexes.length > 0 ? { PIP_INDEX_URL: indexes[0]! } : { PIP_NO_INDEX: "1" };
  return { ...first, PIP_EXTRA_INDEX_URL: indexes.slice(1).join(" ") || " ", PIP_FIND_LINKS: links.join(" ") || " " };
}
