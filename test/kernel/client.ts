/**
 * A minimal Jupyter client for the kernel tests: starts the project's kernel the way Jupyter does (the
 * kernelspec's argv, a connection file written here) and speaks the wire protocol over ZeroMQ (zeromq 6,
 * installed with tslab), signing and checking every message with HMAC-SHA256.
 *
 * Written from the protocol's description, independently of the kernel's own code, so that the tests
 * check the kernel against the protocol rather than against itself.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Dealer, Subscriber } from "zeromq";
import { jupyterDataDir } from "../../scripts/lib/project";

/** The project's kernelspec folder. */
export const kernelDir: string = join(jupyterDataDir, "kernels", "private-clustering-ts");

const DELIM = "<IDS|MSG>";

/** A header of the Jupyter protocol (the fields the tests read). */
export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** One Jupyter message, as received and verified. */
export interface Message {
  channel: "shell" | "control" | "iopub";
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

/** A request's reply and what the kernel published on iopub for it (status messages left out). */
export interface Exchange {
  reply: Message;
  iopub: Message[];
}

/** Options for {@link KernelClient.start}. */
export interface StartOptions {
  /** Extra environment for the kernel process (e.g. `COURSE_KERNEL_PATCHES: "0"`). */
  env?: Record<string, string>;
  /** How long the kernel may take to answer its first kernel_info_request, in ms. Default 60 000. */
  startTimeoutMs?: number;
}

/** Thrown when the kernel does not answer in time. */
export class KernelTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`the kernel sent no ${what} within ${ms} ms`);
    this.name = "KernelTimeoutError";
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Messages from one socket, kept in arrival order, with waiting for one that matches. */
class Inbox extends EventEmitter {
  readonly messages: Message[] = [];

  push(message: Message): void {
    this.messages.push(message);
    this.emit("message");
  }

  /** The first message (at or after `from`) matching `match`, waiting up to `timeoutMs`. */
  async find(match: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new KernelTimeoutError(what, timeoutMs);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.off("message", done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.on("message", done);
      });
    }
  }
}

interface Sockets {
  shell: Dealer;
  control: Dealer;
  iopub: Subscriber;
}

/** A running kernel and the client's sockets to it. */
export class KernelClient {
  readonly session = randomUUID();
  readonly iopub = new Inbox();
  readonly #shell = new Inbox();
  readonly #control = new Inbox();
  readonly #key: string;
  readonly #dir: string;
  readonly #process: ChildProcess;
  readonly #sockets: Sockets;
  #sending: Promise<unknown> = Promise.resolve();
  /** Everything the kernel process wrote to stderr (its own log, not cell output). */
  stderr = "";
  /** Protocol faults seen while receiving (a missing delimiter, a wrong signature): tests expect none. */
  readonly faults: string[] = [];

  private constructor(key: string, dir: string, child: ChildProcess, sockets: Sockets) {
    this.#key = key;
    this.#dir = dir;
    this.#process = child;
    this.#sockets = sockets;
    child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    void this.#listen(sockets.shell, this.#shell, "shell");
    void this.#listen(sockets.control, this.#control, "control");
    void this.#listen(sockets.iopub, this.iopub, "iopub");
  }

  /**
   * Start the kernel from the project's kernelspec and wait until it answers on shell and publishes
   * on iopub (a subscriber misses what was published before it joined, so this retries kernel_info).
   */
  static async start(options: StartOptions = {}): Promise<KernelClient> {
    const spec = JSON.parse(readFileSync(join(kernelDir, "kernel.json"), "utf8")) as { argv: string[] };
    const dir = mkdtempSync(join(tmpdir(), "kernel-test-"));
    const key = randomBytes(16).toString("hex");
    const [shell, iopub, stdin, control, hb] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
    const connection = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: shell,
      iopub_port: iopub,
      stdin_port: stdin,
      control_port: control,
      hb_port: hb,
      signature_scheme: "hmac-sha256",
      key,
      kernel_name: "private-clustering-ts",
    };
    const connectionFile = join(dir, "connection.json");
    writeFileSync(connectionFile, JSON.stringify(connection));
    const argv = spec.argv.map((a) => a.replace("{resource_dir}", kernelDir).replace("{connection_file}", connectionFile));
    const command = argv[0] === "node" ? process.execPath : argv[0]!;
    const child = spawn(command, argv.slice(1), {
      cwd: dir,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const sockets = { shell: new Dealer({ routingId: `shell-${randomUUID()}` }), control: new Dealer(), iopub: new Subscriber() };
    sockets.shell.connect(`tcp://127.0.0.1:${shell}`);
    sockets.control.connect(`tcp://127.0.0.1:${control}`);
    sockets.iopub.connect(`tcp://127.0.0.1:${iopub}`);
    sockets.iopub.subscribe();
    const client = new KernelClient(key, dir, child, sockets);
    const limit = options.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + limit;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the kernel exited with code ${child.exitCode}:\n${client.stderr}`);
      const id = await client.send("shell", "kernel_info_request", {});
      try {
        await client.iopub.find((m) => m.parent_header.msg_id === id, Math.min(1000, Math.max(1, deadline - Date.now())), "iopub status");
        await client.#shell.find((m) => m.parent_header.msg_id === id, Math.max(1, deadline - Date.now()), "kernel_info_reply");
        return client;
      } catch (err) {
        if (!(err instanceof KernelTimeoutError) || Date.now() >= deadline) {
          await client.close();
          throw err;
        }
      }
    }
  }

  #sign(parts: string[]): string {
    const hmac = createHmac("sha256", this.#key);
    for (const p of parts) hmac.update(p);
    return hmac.digest("hex");
  }

  async #listen(socket: Dealer | Subscriber, inbox: Inbox, channel: Message["channel"]): Promise<void> {
    try {
      for await (const frames of socket) {
        const texts = frames.map((f) => f.toString());
        const at = texts.indexOf(DELIM);
        if (at < 0) {
          this.faults.push(`${channel}: a message without the ${DELIM} delimiter`);
          continue;
        }
        const parts = texts.slice(at + 2, at + 6);
        const expected = Buffer.from(this.#sign(parts));
        const given = Buffer.from(texts[at + 1]!);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          this.faults.push(`${channel}: a message with a wrong HMAC signature`);
          continue;
        }
        const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p) as Record<string, unknown>);
        inbox.push({
          channel,
          header: header as unknown as Header,
          parent_header: parent_header as Partial<Header>,
          metadata: metadata!,
          content: content!,
        });
      }
    } catch (err) {
      // Closing the socket ends the loop, possibly with an error; anything else is worth seeing.
      if (!socket.closed) this.faults.push(`${channel}: ${(err as Error).message}`);
    }
  }

  /** Send a request; resolves to its msg_id. */
  async send(channel: "shell" | "control", msgType: string, content: Record<string, unknown>): Promise<string> {
    const header: Header = {
      msg_id: randomUUID(),
      msg_type: msgType,
      session: this.session,
      username: "kernel-test",
      date: new Date().toISOString(),
      version: "5.3",
    };
    const parts = [header, {}, {}, content].map((p) => JSON.stringify(p));
    const frames = [DELIM, this.#sign(parts), ...parts];
    const socket = this.#sockets[channel];
    // zeromq 6 allows one send at a time per socket.
    const sending = this.#sending.then(() => socket.send(frames));
    this.#sending = sending.catch(() => {});
    await sending;
    return header.msg_id;
  }

  /**
   * Send a request and collect its reply and its iopub messages up to the kernel's "idle" for it.
   *
   * @param timeoutMs - how long to wait for the reply, then for "idle" (default 30 000)
   * @throws KernelTimeoutError when the reply (or "idle") does not come
   */
  async request(
    msgType: string,
    content: Record<string, unknown>,
    { channel = "shell", timeoutMs = 30_000 }: { channel?: "shell" | "control"; timeoutMs?: number } = {},
  ): Promise<Exchange> {
    const id = await this.send(channel, msgType, content);
    const inbox = channel === "shell" ? this.#shell : this.#control;
    const reply = await inbox.find((m) => m.parent_header.msg_id === id, timeoutMs, `reply to ${msgType}`);
    await this.iopub.find(
      (m) => m.parent_header.msg_id === id && m.header.msg_type === "status" && m.content.execution_state === "idle",
      timeoutMs,
      `"idle" after ${msgType}`,
    );
    const iopub = this.iopub.messages.filter((m) => m.parent_header.msg_id === id && m.header.msg_type !== "status");
    return { reply, iopub };
  }

  /** Execute code (store_history on, not silent); see {@link request}. */
  execute(code: string, extra: Record<string, unknown> = {}): Promise<Exchange> {
    return this.request("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
      ...extra,
    });
  }

  /** The kernel process's exit code, once it has exited (waits up to `timeoutMs`), else null. */
  exited(timeoutMs: number): Promise<number | null> {
    const child = this.#process;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  /** Stop the kernel (shutdown request, then SIGKILL if it is still there after 5 s) and clean up. */
  async close(): Promise<void> {
    const child = this.#process;
    if (child.exitCode === null && child.signalCode === null) {
      try {
        await this.send("control", "shutdown_request", { restart: false });
      } catch {
        // Sockets may already be gone; the kill below still ends the process.
      }
      if ((await this.exited(5000)) === null && child.exitCode === null && child.pid) child.kill("SIGKILL");
    }
    for (const socket of Object.values(this.#sockets)) socket.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
