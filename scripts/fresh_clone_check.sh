#!/usr/bin/env bash
# Fresh-machine check: a new `git clone`, then only the README's steps, in a new venv.
#
#   scripts/fresh_clone_check.sh [--with-uncommitted] [--keep] [SOURCE_REPO]
#
# 1. git clone SOURCE_REPO (default: this repository) into /tmp/wmkit-fresh-XXXX. A clone
#    holds only committed files; --with-uncommitted also copies the source's uncommitted
#    changes and untracked, not-ignored files (what the next commit would hold).
# 2. `make -k test` in the clone with no venv active: the Makefile creates the clone's own
#    .venv with python3 and installs everything (root also gets Debian's graphviz and
#    chromium when missing). -k only makes make go on after a failed step, so one run
#    names every failing step; when all pass it is exactly `make test`.
# 3. `make lab` on a free port: passes when the server answers with the lessons
#    (/api/contents/00_welcome.ipynb is 200); then it is stopped by its process group.
#
# Prints a summary and exits 0 only if both passed. The clone is removed after a pass
# (kept after a failure, or with --keep); its logs are make-test.log and make-lab.log.
set -uo pipefail

WITH_UNCOMMITTED=0
KEEP=0
SOURCE=""
for arg in "$@"; do
  case "$arg" in
    --with-uncommitted) WITH_UNCOMMITTED=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) SOURCE="$arg" ;;
  esac
done
SOURCE="$(cd "${SOURCE:-$(dirname "$0")/..}" && pwd)"

# A fresh machine has no venv active: drop any from PATH and the environment.
unset VIRTUAL_ENV PYTHONHOME PYTHONPATH
PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -E '/\.?venv/bin$' | paste -sd: -)"
export PATH

stamp() { while IFS= read -r line; do printf '[%(%H:%M:%S)T] %s\n' -1 "$line"; done; }
say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }

DEST="$(mktemp -d /tmp/wmkit-fresh-XXXX)"
SUMMARY="$DEST.summary"
: > "$SUMMARY"
say "source:  $SOURCE @ $(git -C "$SOURCE" rev-parse --short HEAD)"
say "clone:   $DEST"
say "python3: $(command -v python3) ($(python3 --version 2>&1))"

if ! git clone --quiet "$SOURCE" "$DEST"; then
  say "FAIL: git clone $SOURCE $DEST"
  exit 1
fi

if [ "$WITH_UNCOMMITTED" = 1 ]; then
  n=0
  while IFS= read -r -d '' path; do
    mkdir -p "$DEST/$(dirname "$path")"
    cp -p "$SOURCE/$path" "$DEST/$path"
    n=$((n + 1))
  done < <(git -C "$SOURCE" ls-files -z --modified --others --exclude-standard)
  while IFS= read -r -d '' path; do
    rm -f "$DEST/$path"
  done < <(git -C "$SOURCE" ls-files -z --deleted)
  say "overlay: $n uncommitted or untracked files copied from $SOURCE (--with-uncommitted)"
else
  say "overlay: none (committed files only)"
fi

cd "$DEST" || exit 1

# ---------------------------------------------------------------- make test
t0=$SECONDS
make -k test 2>&1 | stamp > make-test.log
test_rc=${PIPESTATUS[0]}
test_s=$((SECONDS - t0))
if [ "$test_rc" = 0 ]; then
  say "make test: PASS in ${test_s} s"
else
  say "make test: FAIL (exit $test_rc) in ${test_s} s; failed steps:"
  grep -E 'make: \*\*\* \[' make-test.log | sed 's/^/  /' | tee -a "$SUMMARY"
fi
if [ -d tests/browser ]; then
  # `make test` runs the browser tier last: its summary is the log's last pytest summary.
  browser_line="$(grep -E '(passed|failed|skipped|error)[^[]* in [0-9.]+s' make-test.log | tail -1)"
  say "browser tier: ${browser_line:-no pytest summary}"
else
  say "browser tier: not run (tests/browser is not in the clone)"
fi
grep -E '^\[[0-9:]+\] SKIPPED' make-test.log | sed 's/^/  /' | tee -a "$SUMMARY"
ls test-artifacts/browser/*.png >/dev/null 2>&1 \
  && say "screenshots: $(ls test-artifacts/browser/*.png | xargs -n1 basename | paste -sd' ' -)"

# ---------------------------------------------------------------- make lab
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
set -m  # job control: the background job gets a process group of its own, id = its PID
make lab PORT="$port" > make-lab.log 2>&1 < /dev/null &
lab_pid=$!
set +m
lab_ok=0
url=""
for _ in $(seq 1 240); do
  url="$(grep -o -E "http://127\.0\.0\.1:$port/lab[^ ?]*\?token=[0-9a-f]+" make-lab.log | head -1)"
  if [ -n "$url" ]; then
    token="${url##*token=}"
    code="$(curl -s -o /dev/null -w '%{http_code}' \
      "http://127.0.0.1:$port/api/contents/00_welcome.ipynb?token=$token")"
    page="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/lab?token=$token")"
    if [ "$code" = 200 ] && [ "$page" = 200 ]; then lab_ok=1; fi
    break
  fi
  kill -0 "$lab_pid" 2>/dev/null || break
  sleep 1
done
# Stop what `make lab` started: its process group (make and jupyter lab), by its id.
kill -TERM -- "-$lab_pid" 2>/dev/null
for _ in $(seq 1 15); do kill -0 "$lab_pid" 2>/dev/null || break; sleep 1; done
kill -KILL -- "-$lab_pid" 2>/dev/null
wait "$lab_pid" 2>/dev/null
if [ "$lab_ok" = 1 ]; then
  say "make lab: PASS (JupyterLab on port $port served /lab and lessons/00_welcome.ipynb)"
else
  say "make lab: FAIL (url: ${url:-none}; contents: ${code:-n/a}; /lab: ${page:-n/a}); tail of make-lab.log:"
  tail -15 make-lab.log | sed 's/^/  /' | tee -a "$SUMMARY"
fi

# ---------------------------------------------------------------- verdict
if [ "$test_rc" = 0 ] && [ "$lab_ok" = 1 ]; then
  say "RESULT: PASS"
  if [ "$KEEP" = 0 ]; then
    cp make-test.log "$DEST.make-test.log"
    cd / && rm -rf "$DEST"
    say "(clone removed; its make test log is $DEST.make-test.log)"
  fi
  exit 0
fi
say "RESULT: FAIL (clone kept in $DEST: make-test.log, make-lab.log)"
exit 1
