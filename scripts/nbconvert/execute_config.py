"""nbconvert configuration for executing the course's notebooks on the tslab kernel.

Used by scripts/run-notebooks.ts as `jupyter nbconvert --execute --config scripts/nbconvert/execute_config.py`.
It reports failures to the runner and covers what the kernel does not, through nbclient's hooks
(nbclient >= 0.6; Debian 12 ships 0.7.2):

* After every cell that failed, this prints one machine-readable line to stderr with the cell's index,
  source, stderr text and error output (the traceback); the runner parses it. The course kernel sends
  errors as `error` outputs (jupyter/kernels/private-clustering-ts/protocol.js); tslab alone
  (COURSE_KERNEL_PATCHES=0) writes them only to stderr, where nbconvert's own message is a bare "<Error>:".
* tslab aborts every request for 200 ms after an error (`execQueue.reset(200)` in tslab/dist/jupyter.js):
  the cell after a `raises-exception` cell would get status "aborted" ("abort" from tslab alone) and, as
  nbclient does not treat that as an error, silently no output. So this pauses 0.5 s after every error, and
  turns any aborted cell into a loud failure (protocol event "cell-aborted", then an exception) rather than
  an empty result.
* nbclient ignores the execution count in execute replies (cells stay `[ ]`): this restores it.

It also enforces a per-notebook time budget (env NBRUNNER_NOTEBOOK_TIMEOUT, seconds): each cell gets the
time left, so the whole notebook stops with nbclient's own CellTimeoutError, which shuts the kernel down
cleanly. SIGTERM is turned into an exception for the same reason (a killed nbconvert would orphan the
kernel, which runs in its own session).

Protocol lines: `[nbrunner] {json}` on stderr, one per event, `event` being "cell-start", "cell-error" or
"cell-aborted".
"""
import json
import os
import signal
import sys
import time

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

MARKER = "[nbrunner] "
ERROR_PAUSE_SECONDS = 0.5
_started = time.monotonic()
_executed = [0]


class CellAbortedError(RuntimeError):
    """The kernel answered "aborted": the cell never ran."""


def _emit(event, **fields):
    fields["event"] = event
    fields["t"] = time.time()
    sys.stderr.write(MARKER + json.dumps(fields, ensure_ascii=True) + "\n")
    sys.stderr.flush()


def _stream_text(cell, name):
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == name:
            text = output.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "".join(parts)


def _error_text(cell):
    lines = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            lines.extend(output.get("traceback") or ["%s: %s" % (output.get("ename"), output.get("evalue"))])
    return "\n".join(lines)


def on_cell_execute(cell, cell_index, **_):
    _emit("cell-start", index=cell_index)


def on_cell_executed(cell, cell_index, execute_reply, **_):
    _executed[0] += 1
    content = (execute_reply or {}).get("content", {})
    # tslab counts executions itself; fall back to our own count if a kernel leaves it out.
    cell["execution_count"] = content.get("execution_count") or _executed[0]
    status = content.get("status")
    if status in ("aborted", "abort"):
        _emit("cell-aborted", index=cell_index, id=cell.get("id"), source=cell.get("source", ""))
        raise CellAbortedError(
            "The kernel aborted cell %d instead of running it (tslab drops requests for 200 ms after an "
            "error; the machine may be overloaded). Run the notebook again." % cell_index
        )
    if status != "error":
        return
    time.sleep(ERROR_PAUSE_SECONDS)
    _emit(
        "cell-error",
        index=cell_index,
        id=cell.get("id"),
        source=cell.get("source", ""),
        stderr=_stream_text(cell, "stderr"),
        error=_error_text(cell),
        ename=content.get("ename"),
        evalue=content.get("evalue"),
        expected="raises-exception" in cell.get("metadata", {}).get("tags", []),
    )


c.ExecutePreprocessor.on_cell_execute = on_cell_execute
c.ExecutePreprocessor.on_cell_executed = on_cell_executed

_budget = os.environ.get("NBRUNNER_NOTEBOOK_TIMEOUT")
if _budget:
    _budget_seconds = float(_budget)

    def _time_left(cell):
        # nbclient wants whole seconds; never less than 1 so a late cell still gets a chance to report.
        return max(1, int(_budget_seconds - (time.monotonic() - _started)))

    c.ExecutePreprocessor.timeout_func = _time_left


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


signal.signal(signal.SIGTERM, _terminate)
