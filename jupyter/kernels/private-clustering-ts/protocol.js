// Fills the gaps in tslab 1.0.22's Jupyter protocol, by subclassing its classes at load time (no fork).
//
// Why: tslab prints a cell's last value to stdout instead of sending an `execute_result`, reports errors
// only as stderr text (execute replies and iopub carry no ename/evalue/traceback), sends no `status` in
// its kernel_info reply, ignores `history_request` (a front end waits for a reply that never comes), and
// never answers "invalid" to `is_complete` (`}}}` is "complete"). Front ends and tools (nbclient,
// JupyterLab's console, jupyter_kernel_test) rely on all of these.
//
// How: tslab's `startKernel` (dist/main.js) looks up `createExecutor`, `JupyterHandlerImpl` and
// `ZmqServer` on their modules' exports when it runs, so replacing those exports before it is called
// puts the subclasses below in charge. The executor is tslab's own, given a `console` that captures
// what it would have printed: tslab calls `console.log` only for the last expression's value and
// `console.error` only for compile diagnostics and thrown values, so nothing else changes. Everything is
// checked against tslab's shape first; `COURSE_KERNEL_PATCHES=0` (read by launch.js) runs tslab as it is.
"use strict";
const crypto = require("crypto");
const Module = require("module");
const path = require("path");
const util = require("util");

/** The current (and only) history session of a kernel; IPython numbers sessions from 1. */
const SESSION = 1;

/** The delimiter between ZeroMQ routing identities and the signed message parts. */
const DELIM = Buffer.from("<IDS|MSG>");

/**
 * A shell message parsed and verified by us, for requests tslab does not know (`history_request`).
 * It has the three members tslab's own `publishStatus` uses: `header`, `createReply`, `signAndSend`.
 */
class WireMessage {
  /**
   * @param {string} key - the connection file's HMAC key
   * @param {Buffer[]} frames - the raw frames: identities, delimiter, signature, header, parent, metadata, content
   * @returns {WireMessage}
   * @throws Error when the delimiter is missing or the signature does not match
   */
  static fromFrames(key, frames) {
    const at = frames.findIndex((f) => Buffer.from(f).equals(DELIM));
    if (at < 0) throw new Error("message missing delimiter");
    const parts = frames.slice(at + 2, at + 6).map((f) => Buffer.from(f));
    const expected = sign(key, parts);
    const given = Buffer.from(String(frames[at + 1]));
    if (key && (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))) {
      throw new Error("invalid message signature");
    }
    const msg = new WireMessage();
    msg.identity = frames.slice(0, at);
    [msg.header, msg.parent, msg.metadata, msg.content] = parts.map((p) => JSON.parse(p.toString()));
    return msg;
  }

  /** A reply (or iopub message) whose parent is this message; set `header.msg_type` and `content`. */
  createReply() {
    const reply = new WireMessage();
    reply.identity = this.identity;
    reply.header = {
      msg_id: crypto.randomBytes(16).toString("hex"),
      session: this.header.session,
      username: this.header.username,
      date: new Date().toISOString(),
      msg_type: this.header.msg_type,
      version: "5.3",
    };
    reply.parent = this.header;
    reply.metadata = {};
    reply.content = {};
    return reply;
  }

  /** Sign with `key` and send on `sock` (a ZeroMQ socket of the zeromq 6 API). */
  signAndSend(key, sock) {
    const parts = [this.header, this.parent, this.metadata, this.content].map((p) => Buffer.from(JSON.stringify(p)));
    sock.send([...this.identity, DELIM, sign(key, parts), ...parts]);
  }
}

function sign(key, parts) {
  const hmac = crypto.createHmac("sha256", key);
  for (const p of parts) hmac.update(p);
  return Buffer.from(hmac.digest("hex"));
}

/** The msg_type of raw shell frames, or undefined when they cannot be read (tslab then reports it). */
function peekMsgType(frames) {
  try {
    const at = frames.findIndex((f) => Buffer.from(f).equals(DELIM));
    return at < 0 ? undefined : JSON.parse(String(frames[at + 2])).msg_type;
  } catch {
    return undefined;
  }
}

/**
 * Stack frames of Node's vm, tslab and this kernel folder: noise under a learner's error (the frames of
 * the cell and of the project's `src/` stay).
 */
function isInternalFrame(line) {
  return /^\s+at .*(node:vm|node:internal|[\\/]tslab[\\/]dist[\\/]|[\\/]private-clustering-ts[\\/](protocol|launch)\.js)/.test(line);
}

/** tslab's diagnostics format (executor.js `printDiagnostics`): file, line, column, message. */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/**
 * The Jupyter error (ename, evalue, traceback) for what tslab's executor reported when a cell failed.
 *
 * Compile errors become `TSError` (the name ts-node uses) with one traceback line per diagnostic;
 * thrown values keep their own name and message, and their traceback is the text tslab used to print
 * (`util.inspect`: stack, extra properties, cause), one line per entry, without the kernel's own frames.
 *
 * @param {unknown[][]} reports - the argument lists of the executor's `console.error` calls
 * @returns {{ename: string, evalue: string, traceback: string[]}}
 */
function describeFailure(reports) {
  const diagnostics = reports.filter((args) => args[0] === DIAGNOSTIC_FORMAT).map((args) => util.format(...args));
  if (diagnostics.length > 0) {
    return { ename: "TSError", evalue: diagnostics.join("\n"), traceback: diagnostics };
  }
  const thrown = reports.find((args) => args.length === 1);
  if (!thrown) {
    const text = reports.map((args) => util.format(...args)).join("\n") || "the cell failed without a message";
    return { ename: "Error", evalue: text, traceback: text.split("\n") };
  }
  const value = thrown[0];
  if (value !== null && typeof value === "object" && typeof value.message === "string") {
    const ename = typeof value.name === "string" && value.name ? value.name : (value.constructor && value.constructor.name) || "Error";
    const traceback = util.inspect(value).split("\n").filter((line) => !isInternalFrame(line));
    return { ename, evalue: value.message, traceback };
  }
  // `throw "text"` and the like: what Node's REPL says for them.
  const shown = util.inspect(value);
  return { ename: "Uncaught", evalue: shown, traceback: [`Uncaught ${shown}`] };
}

/**
 * The is_complete status of a cell, as TypeScript's parser sees it (the same kind of file tslab
 * compiles: `.ts`, so `<T>x` casts are not mistaken for JSX as tslab's own check does).
 *
 * - "complete": it parses.
 * - "incomplete": every parse error sits at the end of the code and asks for more ("'}' expected",
 *   "Expression expected", an unterminated template literal, which may go on over lines).
 * - "invalid": any other parse error; no more input can fix it (`}}}`, `let = ;`).
 * Code ending in two blank lines is never "incomplete" (tslab's rule: a console user forces a run).
 *
 * @param {object} ts - TypeScript (tslab's copy)
 * @param {string} code - the cell
 * @returns {"complete" | "incomplete" | "invalid"}
 */
function completeness(ts, code) {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  // parseDiagnostics is internal but has been on every SourceFile for years (tslab reads it too).
  const diagnostics = source.parseDiagnostics || [];
  if (diagnostics.length === 0) return "complete";
  const end = code.trimEnd().length;
  const asksForMore = (d) => {
    const text = typeof d.messageText === "string" ? d.messageText : "";
    return d.start >= end && d.length === 0 && (text.endsWith(" expected.") || text === "Unterminated template literal.");
  };
  if (!diagnostics.every(asksForMore)) return "invalid";
  return /(^|\n)\s*\n\s*$/.test(code) ? "invalid" : "incomplete";
}

/**
 * History kept by the kernel for one session: `[session, line, input]` entries (or
 * `[session, line, [input, output]]` when a request asks for output), answering the three access
 * types of the protocol over this session.
 */
class History {
  constructor() {
    /** @type {{line: number, input: string, output: string | null}[]} */
    this.entries = [];
  }

  add(line, input) {
    const entry = { line, input, output: null };
    this.entries.push(entry);
    return entry;
  }

  /** The `history` list for a history_request's content. */
  query(req) {
    let found = [];
    const n = Number.isInteger(req.n) && req.n > 0 ? req.n : undefined;
    if (req.hist_access_type === "tail") {
      found = n === undefined ? [] : this.entries.slice(-n);
    } else if (req.hist_access_type === "range") {
      // Session 0 means "the current one" (IPython's convention); earlier sessions are not kept.
      if (req.session === 0 || req.session === SESSION || req.session === undefined) {
        const start = Number.isInteger(req.start) ? req.start : 0;
        const stop = Number.isInteger(req.stop) ? req.stop : Infinity;
        found = this.entries.filter((e) => e.line >= start && e.line < stop);
      }
    } else if (req.hist_access_type === "search") {
      const pattern = globToRegExp(typeof req.pattern === "string" ? req.pattern : "*");
      found = this.entries.filter((e) => pattern.test(e.input));
      if (req.unique) {
        const seen = new Set();
        found = found.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
      }
      if (n !== undefined) found = found.slice(-n);
    }
    return found.map((e) => [SESSION, e.line, req.output ? [e.input, e.output] : e.input]);
  }
}

function globToRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
}

/** Thrown out of a cell's task so that tslab's queue drops the requests behind it (as tslab does). */
class CellFailed extends Error {
  constructor(count, error) {
    super(error.evalue);
    this.count = count;
    this.error = error;
  }
}

/** What a fixed tslab needs to find, checked before anything is replaced. */
function checkShape(jupyter, executor, util2) {
  const missing = [];
  const need = (ok, what) => ok || missing.push(what);
  need(typeof executor.createExecutor === "function", "executor.createExecutor");
  need(typeof jupyter.JupyterHandlerImpl === "function", "jupyter.JupyterHandlerImpl");
  need(typeof jupyter.ZmqServer === "function", "jupyter.ZmqServer");
  need(typeof util2.TaskCanceledError === "function", "util.TaskCanceledError");
  const handler = jupyter.JupyterHandlerImpl && jupyter.JupyterHandlerImpl.prototype;
  for (const m of ["handleKernel", "handleExecute", "createWriteToIopub", "handleIsComplete", "handleShutdown"]) {
    need(handler && typeof handler[m] === "function", `JupyterHandlerImpl.${m}`);
  }
  const server = jupyter.ZmqServer && jupyter.ZmqServer.prototype;
  for (const m of ["handleShellMessage", "handleExecute", "publishStatus", "handleCommInfoRequest"]) {
    need(server && typeof server[m] === "function", `ZmqServer.${m}`);
  }
  if (missing.length > 0) {
    throw new Error(`tslab does not have the shape these fixes were written for (1.0.22): missing ${missing.join(", ")}`);
  }
}

/**
 * Replace tslab's executor factory, handler and server with fixed versions. Call it before
 * `startKernel`.
 *
 * @param {string} tslabDist - tslab's `dist` folder
 * @returns {{restore: () => void}} puts tslab's originals back (for tests)
 * @throws Error when tslab's modules do not have the expected shape (nothing is changed then)
 */
function installProtocolFixes(tslabDist) {
  const jupyter = require(path.join(tslabDist, "jupyter.js"));
  const executorModule = require(path.join(tslabDist, "executor.js"));
  const util2 = require(path.join(tslabDist, "util.js"));
  const converter = require(path.join(tslabDist, "converter.js"));
  const ts = Module.createRequire(path.join(tslabDist, "main.js"))("@tslab/typescript-for-tslab");
  checkShape(jupyter, executorModule, util2);

  const originals = {
    createExecutor: executorModule.createExecutor,
    JupyterHandlerImpl: jupyter.JupyterHandlerImpl,
    ZmqServer: jupyter.ZmqServer,
  };

  function createExecutor(rootDir, convs, _console) {
    let captured = { hasValue: false, value: undefined, reports: [] };
    const executor = originals.createExecutor(rootDir, convs, {
      log: (value) => {
        captured.hasValue = true;
        captured.value = value;
      },
      error: (...args) => captured.reports.push(args),
    });
    const tslabExecute = executor.execute;
    /** Run a cell; what tslab would have printed comes back instead. */
    executor.executeCell = async (src) => {
      captured = { hasValue: false, value: undefined, reports: [] };
      const ok = await tslabExecute(src);
      return { ok, ...captured };
    };
    // tslab's own contract for `execute` (print, return ok), for any other caller.
    executor.execute = async (src) => {
      const { ok, hasValue, value, reports } = await executor.executeCell(src);
      for (const args of reports) console.error(...args);
      if (hasValue) console.log(value);
      return ok;
    };
    return executor;
  }

  class CourseJupyterHandler extends originals.JupyterHandlerImpl {
    constructor(executor, isJs) {
      super(executor, isJs);
      this.history = new History();
    }

    handleKernel() {
      const reply = super.handleKernel();
      // tslab says "3.7.2" whatever TypeScript it compiles with.
      if (!this.isJs) reply.language_info.version = ts.version;
      return { status: "ok", ...reply };
    }

    /**
     * Like tslab's, plus: `publish(msgType, content)` sends iopub messages for the request; the reply
     * carries ename, evalue and traceback on error, and "aborted" (the protocol's word, not tslab's
     * "abort") for requests dropped after an error.
     */
    async handleExecute(req, writeStream, writeDisplayData, publish) {
      try {
        const count = await this.execQueue.add(() => this.runCell(req, writeStream, writeDisplayData, publish));
        return { status: "ok", execution_count: count, user_expressions: {}, payload: [] };
      } catch (e) {
        if (e instanceof util2.TaskCanceledError) return { status: "aborted", execution_count: null };
        let count = null;
        let error;
        if (e instanceof CellFailed) {
          count = e.count;
          error = e.error;
        } else {
          // A fault of the kernel itself, not of the cell: still a proper error for the front end.
          error = describeFailure([[e]]);
          publish("error", error);
        }
        // tslab's behaviour: drop the requests queued behind a failed cell (tslab issue #19).
        this.execQueue.reset(200);
        return { status: "error", execution_count: count, ...error };
      }
    }

    async runCell(req, writeStream, writeDisplayData, publish) {
      // Python kernels forward output to the cell even after it finished; tslab does the same.
      process.stdout.write = this.createWriteToIopub("stdout", writeStream);
      process.stderr.write = this.createWriteToIopub("stderr", writeStream);
      jupyter.lastWriteDisplayData = writeDisplayData;
      const count = ++this.execCount;
      if (!req.silent) publish("execute_input", { code: req.code, execution_count: count });
      const entry = req.store_history !== false && !req.silent ? this.history.add(count, req.code) : undefined;
      const { ok, hasValue, value, reports } = await this.executor.executeCell(req.code);
      if (!ok) {
        const error = describeFailure(reports);
        publish("error", error);
        throw new CellFailed(count, error);
      }
      // Diagnostics of a `//%module` cell do not fail it: tslab printed them, so do we.
      for (const args of reports) process.stderr.write(util.format(...args) + "\n");
      if (hasValue && !req.silent) {
        // util.format is what console.log wrote: strings as they are (a receipt table stays a table),
        // other values through util.inspect.
        const text = util.format(value);
        if (entry) entry.output = text;
        // A value that prints as nothing (a check's Outcome, whose card is already shown) is no result:
        // an empty execute_result would put an empty `Out[N]:` prompt under the card (issue 22).
        if (text !== "") publish("execute_result", { execution_count: count, data: { "text/plain": text }, metadata: {} });
      }
      return count;
    }

    handleIsComplete(req) {
      const status = completeness(ts, req.code);
      if (status !== "incomplete") return { status };
      const tslabSays = converter.isCompleteCode(req.code);
      return { status, indent: tslabSays.indent || "" };
    }

    handleHistory(req) {
      return { status: "ok", history: this.history.query(req) };
    }

    handleShutdown(req) {
      return { status: "ok", restart: Boolean(req && req.restart) };
    }
  }

  class CourseZmqServer extends originals.ZmqServer {
    handleShellMessage(sock, ...frames) {
      if (peekMsgType(frames) !== "history_request") return super.handleShellMessage(sock, ...frames);
      // tslab would only warn "unknown msg_type" (into the last cell's stderr) and never reply.
      let msg;
      try {
        msg = WireMessage.fromFrames(this.connInfo.key, frames);
      } catch (err) {
        console.error("history_request dropped:", err.message);
        return Promise.resolve();
      }
      this.publishStatus("busy", msg);
      try {
        const reply = msg.createReply();
        reply.header.msg_type = "history_reply";
        reply.content = this.handler.handleHistory(msg.content);
        reply.signAndSend(this.connInfo.key, sock);
      } finally {
        this.publishStatus("idle", msg);
      }
      return Promise.resolve();
    }

    async handleExecute(sock, msg) {
      const key = this.connInfo.key;
      const publish = (msgType, content) => {
        const out = msg.createReply();
        out.header.msg_type = msgType;
        out.content = content;
        out.signAndSend(key, this.iopub);
      };
      const writeStream = (name, text) => publish("stream", { name, text });
      const writeDisplayData = (data, update) => publish(update ? "update_display_data" : "display_data", data);
      const reply = msg.createReply();
      reply.header.msg_type = "execute_reply";
      reply.content = await this.handler.handleExecute(msg.content, writeStream, writeDisplayData, publish);
      reply.signAndSend(key, sock);
    }

    handleCommInfoRequest(sock, msg) {
      // tslab answers with msg_type "complete_reply"; comms are not supported, so none are listed.
      const reply = msg.createReply();
      reply.header.msg_type = "comm_info_reply";
      reply.content = { status: "ok", comms: {} };
      reply.signAndSend(this.connInfo.key, sock);
    }
  }

  executorModule.createExecutor = createExecutor;
  jupyter.JupyterHandlerImpl = CourseJupyterHandler;
  jupyter.ZmqServer = CourseZmqServer;
  return {
    restore() {
      executorModule.createExecutor = originals.createExecutor;
      jupyter.JupyterHandlerImpl = originals.JupyterHandlerImpl;
      jupyter.ZmqServer = originals.ZmqServer;
    },
  };
}

module.exports = { installProtocolFixes, completeness, describeFailure, History, WireMessage };
