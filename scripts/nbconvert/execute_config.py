"""nbconvert configuration for executing the course's notebooks on the tslab kernel.

Used by scripts/run-notebooks.ts as `jupyter nbconvert --execute --config scripts/nbconvert/execute_config.py`.
It fills three gaps in tslab's Jupyter protocol (see the project's toolchain notes) through nbclient's hooks
(nbclient >= 0.6; Debian 12 ships 0.7.2):

* tslab reports errors only as stderr stream text, so nbconvert's own message is a bare "<Error>:". After
  every cell that failed, this prints one machine-readable line to stderr with the cell's index, source and
  stderr text (the real error); the runner parses it.
* tslab drops requests for about 200 ms after an error, so the next cell (after a `raises-exception` cell)
  could hang: this pauses 0.3 s after every error.
* nbclient ignores the execution count in execute replies (cells stay `[ ]`): this restores it.

It also enforces a per-notebook time budget (env NBRUNNER_NOTEBOOK_TIMEOUT, seconds): each cell gets the
time left, so the whole notebook stops with nbclient's own CellTimeoutError, which shuts the kernel down
cleanly. SIGTERM is turned into an exception for the same reason (a killed nbconvert would orphan the
kernel, which runs in its own session).

Protocol lines: `[nbrunner] {json}` on stderr, one per event, `event` being "cell-start" or "cell-error".
"""
import json
import os
import signal
import sys
import time

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

MARKER = "[nbrunner] "
ERROR_PAUSE_SECONDS = 0.3
_started = time.monotonic()
_executed = [0]


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


def on_cell_execute(cell, cell_index, **_):
    _emit("cell-start", index=cell_index)


def on_cell_executed(cell, cell_index, execute_reply, **_):
    _executed[0] += 1
    content = (execute_reply or {}).get("content", {})
    # tslab counts executions itself; fall back to our own count if a kernel leaves it out.
    cell["execution_count"] = content.get("execution_count") or _executed[0]
    if content.get("status") != "error":
        return
    time.sleep(ERROR_PAUSE_SECONDS)
    _emit(
        "cell-error",
        index=cell_index,
        id=cell.get("id"),
        source=cell.get("source", ""),
        stderr=_stream_text(cell, "stderr"),
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
