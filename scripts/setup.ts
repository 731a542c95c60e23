/**
 * Make sure this machine can run the course, installing what is missing without questions where it can.
 *
 *   tsx scripts/setup.ts            Jupyter: nbconvert for headless runs and a server for learners
 *   tsx scripts/setup.ts --browser  also Chromium, for the real-browser tests
 *   tsx scripts/setup.ts --probe    probe every route to Jupyter and say what would be done; install nothing
 *                                   (even when Jupyter is there); exit 0 when some route works, else 1
 *
 * Order of preference for Jupyter: what is already installed (project venv, then PATH); else JupyterLab,
 * nbconvert and plotly (whose wheel brings the `jupyterlab-plotly` renderer for the charts' MIME type) from
 * pip into `.venv/`; else Debian's `jupyter-nbconvert` and `jupyter-notebook` through apt when
 * running as root; else stop with the exact command to run. It is idempotent: when everything is there it
 * only looks at a few files.
 *
 * No route may stall the install. Each is probed once, with a short timeout and no retries, before it is
 * used: for pip, every source pip's own configuration names (index, extra indexes, find-links; config files
 * and PIP_* variables as pip merges them) is asked once, and the install then runs with only the sources
 * that answered — a dead default index costs seconds, not pip's 5 retries for each of ~90 packages.
 * apt gets the same short timeouts and no retries.
 *
 * Environment:
 *   COURSE_SKIP_SETUP=1             skip entirely (e.g. when packaging)
 *   COURSE_SETUP_ROUTES=pip,apt     the routes to try, in order (default both)
 *   COURSE_SETUP_PYTHON=python3     the Python that creates `.venv/` and runs the probes
 *   COURSE_SETUP_PROBE_TIMEOUT=3    seconds a source may take to answer a probe
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { capture, pipEnvFor, pipSources, probeSource, readPipSettings, type PipSource } from "./lib/pip-sources";
import { findExecutable, projectRoot, venvDir } from "./lib/project";

/** The ways to get Jupyter, in the default order of preference. */
const ROUTES = ["pip", "apt"] as const;
type Route = (typeof ROUTES)[number];

/** What the set-up was asked to do, from the command line and the environment. */
interface SetupOptions {
  probeOnly: boolean;
  routes: Route[];
  python: string;
  probeTimeoutSeconds: number;
}

/** How one route went: usable or not, and why, in a sentence for the final message. */
interface RouteOutcome {
  route: Route;
  ok: boolean;
  reason: string;
}

const log = (line: string): void => console.log(`setup: ${line}`);

/** Run a command with inherited output; returns true on exit code 0. */
function run(command: string, args: string[], options: SpawnSyncOptions = {}): boolean {
  log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", cwd: projectRoot, ...options });
  return result.status === 0;
}

function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): SetupOptions {
  const routes = (env.COURSE_SETUP_ROUTES ?? ROUTES.join(","))
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = routes.filter((r) => !(ROUTES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    console.error(`setup: COURSE_SETUP_ROUTES names unknown routes (${unknown.join(", ")}); use a comma list of: ${ROUTES.join(", ")}`);
    process.exit(2);
  }
  const timeout = Number(env.COURSE_SETUP_PROBE_TIMEOUT ?? 3);
  if (!(timeout > 0)) {
    console.error(`setup: COURSE_SETUP_PROBE_TIMEOUT must be a positive number of seconds, got "${env.COURSE_SETUP_PROBE_TIMEOUT}"`);
    process.exit(2);
  }
  return {
    probeOnly: argv.includes("--probe"),
    routes: routes as Route[],
    python: env.COURSE_SETUP_PYTHON ?? findExecutable("python3") ?? "python3",
    probeTimeoutSeconds: timeout,
  };
}

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function aptAvailable(): boolean {
  return isRoot() && findExecutable("apt-get") !== undefined;
}

/** apt without retries and with short network timeouts, so an unreachable mirror fails in seconds. */
const APT_QUICK = ["-o", "Acquire::Retries=0", "-o", "Acquire::http::Timeout=5", "-o", "Acquire::https::Timeout=5"];

let aptUpdated = false;
/** apt-get install as root, refreshing the package lists once per run (a fresh machine has none). */
function aptInstall(packages: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    // A failed update is not fatal: lists from before, or a local mirror, may still have the packages.
    run("apt-get", ["update", "-qq", ...APT_QUICK], { env });
    aptUpdated = true;
  }
  return run("apt-get", ["install", "-y", "-qq", ...APT_QUICK, ...packages], { env });
}

/** What pip installs into `.venv/`: the server, the converter, and plotly for its JupyterLab renderer. */
const PIP_PACKAGES = ["jupyterlab", "nbconvert", "plotly"] as const;

/** Where plotly's wheel puts its JupyterLab extension (renders `application/vnd.plotly.v1+json`). */
const plotlyExtension = join(venvDir, "share", "jupyter", "labextensions", "jupyterlab-plotly");

function jupyterStatus(): { nbconvert?: string; server?: string } {
  const server = findExecutable("jupyter-lab") ?? findExecutable("jupyter-notebook");
  // A `.venv/` from before plotly joined the list lacks the chart renderer: count it as not ready, so the
  // pip route runs once more (pip keeps what is there and adds plotly).
  const venvLab = server === join(venvDir, "bin", "jupyter-lab");
  return {
    nbconvert: findExecutable("jupyter-nbconvert"),
    server: venvLab && !existsSync(plotlyExtension) ? undefined : server,
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The pip route: find the sources that answer, check JupyterLab is among them, then (unless probing) install
 * JupyterLab and nbconvert into `.venv/` from those sources only.
 */
async function pipRoute(options: SetupOptions): Promise<RouteOutcome> {
  const fail = (reason: string): RouteOutcome => ({ route: "pip", ok: false, reason });
  const settings = await readPipSettings(options.python, process.env);
  if (!settings) return fail(`\`${options.python} -m pip\` does not run (no Python 3 with pip)`);
  const sources = pipSources(settings);
  const probes = await Promise.all(
    sources.map((source) =>
      probeSource(source, { python: options.python, timeoutSeconds: options.probeTimeoutSeconds, settings, env: process.env }),
    ),
  );
  for (const probe of probes) {
    const what = probe.source.kind === "index" ? "index" : "find-links";
    log(`pip ${what} ${probe.source.location}: ${probe.ok ? "answers" : "skipped"} (${probe.detail}; ${seconds(probe.ms)})`);
  }
  const live: PipSource[] = probes.filter((p) => p.ok).map((p) => p.source);
  if (live.length === 0) {
    const tried = sources.map((s) => s.location).join(", ") || "none configured";
    return fail(`no package source pip is configured with answered (${tried})`);
  }
  const pipEnv = { ...process.env, ...pipEnvFor(live) };
  const quick = ["--retries", "0", "--timeout", String(options.probeTimeoutSeconds)];
  // `pip index` asks the sources for one project without downloading anything (pip >= 21.2).
  const found = await capture(options.python, ["-m", "pip", "index", "versions", "jupyterlab", ...quick], {
    env: pipEnv,
    timeoutMs: 60_000,
  });
  const olderPip = /unknown command/i.test(found.stderr);
  if (found.code !== 0 && !olderPip) {
    return fail(`JupyterLab is not in the sources that answer (${live.map((s) => s.location).join(", ")})`);
  }
  const version = /^jupyterlab \(([^)]+)\)/m.exec(found.stdout)?.[1];
  const venvPython = join(venvDir, "bin", "python");
  const install = ["-m", "pip", "install", "--retries", "1", "--timeout", "15", "--progress-bar", "off", ...PIP_PACKAGES];
  const overrides = Object.entries(pipEnvFor(live))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(" ");
  if (options.probeOnly) {
    return {
      route: "pip",
      ok: true,
      reason: `would install JupyterLab${version ? ` ${version}` : ""} into .venv/: ${overrides} ${venvPython} ${install.join(" ")}`,
    };
  }
  log(`installing JupyterLab${version ? ` ${version}` : ""} into .venv/ from ${live.map((s) => s.location).join(", ")}`);
  if (!existsSync(venvPython) && !run(options.python, ["-m", "venv", venvDir])) {
    return fail(`\`${options.python} -m venv .venv\` failed (on Debian or Ubuntu: apt-get install python3-venv)`);
  }
  if (!run(venvPython, install, { env: pipEnv })) return fail("pip install failed (its messages are above)");
  return { route: "pip", ok: true, reason: "installed into .venv/" };
}

/** Candidate versions of packages in apt's current lists (absent when apt has none). */
async function aptCandidates(packages: string[]): Promise<Record<string, string>> {
  const result = await capture("apt-cache", ["policy", ...packages], { timeoutMs: 20_000 });
  const found: Record<string, string> = {};
  for (const block of result.stdout.split(/\n(?=\S)/)) {
    const name = /^(\S+):/.exec(block)?.[1];
    const candidate = /Candidate: (\S+)/.exec(block)?.[1];
    if (name && candidate && candidate !== "(none)") found[name] = candidate;
  }
  return found;
}

/** The apt route (root only): Debian's nbconvert and classic Notebook. */
async function aptRoute(options: SetupOptions): Promise<RouteOutcome> {
  const packages = ["jupyter-nbconvert", "jupyter-notebook"];
  if (!aptAvailable()) return { route: "apt", ok: false, reason: "apt-get needs root here (or is not installed)" };
  if (options.probeOnly) {
    // Probing must not change the machine, so the lists are read as they are, without an update.
    const candidates = await aptCandidates(packages);
    const listed = packages.filter((p) => candidates[p]);
    return listed.length === packages.length
      ? { route: "apt", ok: true, reason: `would run apt-get update and install ${packages.map((p) => `${p} ${candidates[p]}`).join(", ")}` }
      : { route: "apt", ok: false, reason: `apt's current lists lack ${packages.filter((p) => !candidates[p]).join(", ")} (an update may help)` };
  }
  return aptInstall(packages)
    ? { route: "apt", ok: true, reason: "installed" }
    : { route: "apt", ok: false, reason: "apt-get install failed (its messages are above)" };
}

function whatToRun(outcomes: RouteOutcome[]): string {
  return [
    "setup: could not install Jupyter automatically.",
    ...outcomes.map((o) => `  ${o.route}: ${o.reason}`),
    "Run one of these, then `npm install` again:",
    "  python3 -m venv .venv && .venv/bin/pip install jupyterlab nbconvert plotly   (needs a reachable package index;",
    "      for a mirror add --index-url URL, or set PIP_INDEX_URL)",
    "  sudo apt-get install jupyter-nbconvert jupyter-notebook              (Debian or Ubuntu)",
  ].join("\n");
}

async function ensureJupyter(options: SetupOptions): Promise<boolean> {
  let status = jupyterStatus();
  if (!options.probeOnly && status.nbconvert && status.server) {
    log(`Jupyter ready (${status.server})`);
    return true;
  }
  log(
    options.probeOnly
      ? `probing the routes to Jupyter (${options.routes.join(", ")}); nothing will be installed`
      : `Jupyter is missing; trying ${options.routes.join(", then ")}`,
  );
  const outcomes: RouteOutcome[] = [];
  for (const route of options.routes) {
    const started = Date.now();
    const outcome = route === "pip" ? await pipRoute(options) : await aptRoute(options);
    outcomes.push(outcome);
    log(`route ${route}: ${outcome.ok ? "works" : "abandoned"} after ${seconds(Date.now() - started)}: ${outcome.reason}`);
    if (outcome.ok && options.probeOnly) return true;
    status = jupyterStatus();
    if (outcome.ok && status.nbconvert && status.server) {
      log(`Jupyter ready (${status.server})`);
      return true;
    }
  }
  console.error(whatToRun(outcomes));
  return false;
}

function ensureChromium(): boolean {
  const found = process.env.CHROMIUM_PATH ?? findExecutable("chromium") ?? findExecutable("chromium-browser");
  if (found) {
    log(`Chromium ready (${found})`);
    return true;
  }
  if (aptAvailable() && aptInstall(["chromium"]) && findExecutable("chromium")) {
    log("Chromium ready");
    return true;
  }
  console.error(
    "setup: the browser tests need Chromium. Run `sudo apt-get install chromium` (Debian/Ubuntu), " +
      "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run the tests again.",
  );
  return false;
}

async function main(argv: string[]): Promise<number> {
  if (process.env.COURSE_SKIP_SETUP === "1") {
    log("skipped (COURSE_SKIP_SETUP=1)");
    return 0;
  }
  const options = optionsFrom(argv, process.env);
  if (!(await ensureJupyter(options))) return 1;
  if (!options.probeOnly && argv.includes("--browser") && !ensureChromium()) return 1;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
