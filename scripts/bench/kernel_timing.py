"""Time one course kernel: start until it answers, then cells (run by scripts/bench-kernel.ts).

Usage: python kernel_timing.py KERNEL_NAME CELLS_JSON
Prints one JSON object: start_s (start_kernel until kernel_info answers), cells_s (each cell until the
kernel is idle again), the kernel process's CPU seconds for the same spans (start_cpu_s, cells_cpu_s:
what the kernel itself did, much less sensitive to other load on the machine than wall time), errors
(cells that raised). JUPYTER_PATH must make the kernelspec visible.
"""
import json
import sys
import time

import psutil
from jupyter_client.manager import KernelManager


def cpu(process):
    times = process.cpu_times()
    return times.user + times.system


def run_cell(client, code, timeout=300):
    msg_id = client.execute(code, store_history=False)
    error = None
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "error":
            error = msg["content"].get("evalue") or msg["content"].get("ename")
        if msg["msg_type"] == "stream" and msg["content"].get("name") == "stderr":
            error = error or None
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return error


def main():
    name, cells = sys.argv[1], json.loads(sys.argv[2])
    started = time.perf_counter()
    manager = KernelManager(kernel_name=name)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=180)
        ready = time.perf_counter()
        kernel = psutil.Process(manager.provisioner.pid)
        start_cpu = cpu(kernel)
        times, cpus, errors = [], [], []
        for code in cells:
            t, c = time.perf_counter(), cpu(kernel)
            error = run_cell(client, code)
            times.append(time.perf_counter() - t)
            cpus.append(cpu(kernel) - c)
            if error:
                errors.append(error)
        print(json.dumps({"start_s": ready - started, "cells_s": times, "start_cpu_s": start_cpu,
                          "cells_cpu_s": cpus, "errors": errors}))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
