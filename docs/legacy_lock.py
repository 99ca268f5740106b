"""How Open Library's Python code can write _testing-prs.json under testbed's lock.

Copy `update_state` into the legacy page (it needs only the standard library): every change
then waits for testbed's writes and testbed waits for it, so neither can lose the other's
change. Run as a script, it is the writer that tests/legacy_lock.rs runs against testbed.
"""

import fcntl
import json
import os
import sys
import tempfile


def update_state(path, change):
    """Read the state file, apply change(data) and write it back, all under the lock."""
    # Open without truncating and never write to it: testbed keeps a small record in there.
    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        try:
            with open(path) as f:
                data = json.load(f)
        except FileNotFoundError:
            data = {"last_deploy_at": "", "prs": [], "deploy_started_at": "", "deployed": {}}
        if isinstance(data, list):  # the oldest files are a bare list of PRs
            data = {"last_deploy_at": "", "prs": data, "deploy_started_at": "", "deployed": {}}
        change(data)
        folder = os.path.dirname(os.path.abspath(path))
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".testing-prs.", suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=2)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)  # readers see the old file or the new one, never half of one
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # so the rename survives a crash
        finally:
            os.close(dir_fd)
    return data


def main():
    """python3 legacy_lock.py STATE PR STEPS ACKS: append 0..STEPS-1 to PR's `steps` field,
    writing each step acknowledged to ACKS, as testbed's own writer processes do in the test."""
    path, pr, steps, acks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

    def append(step):
        def change(data):
            row = next(row for row in data["prs"] if row["pr"] == pr)
            row.setdefault("steps", []).append(step)

        return change

    with open(acks, "a") as out:
        for step in range(steps):
            update_state(path, append(step))
            out.write("%d\n" % step)
            out.flush()


if __name__ == "__main__":
    main()
