#!/usr/bin/env bash
# Builds the one-folder client bundle dist/hallclient/ and smoke-tests it:
# --version must print this checkout's version and --self-test must pass (offscreen).
#   build_spec/build.sh [extra PyInstaller options, e.g. --clean]
# PYTHON selects the interpreter (default: the project's venv); it needs the 'build' extra.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-${HALLCLIENT_VENV:-.venv}/bin/python}
DIST=$ROOT/dist
EXE=$DIST/hallclient/hallclient

started=$(date +%s)
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "error: PyInstaller is not installed for $PY (pip install -e '.[build]')" >&2
  exit 1
fi
"$PY" -m hallclient.i18n_build --quiet
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$DIST" --workpath "$ROOT/build" "$@" build_spec/hallclient.spec
[ -x "$DIST/hallclient/hallclient.exe" ] && EXE=$DIST/hallclient/hallclient-cli.exe
built=$(date +%s)

# Run from elsewhere, with no overrides: the bundle must find everything inside itself.
expected="hallclient $("$PY" -c 'import hallclient; print(hallclient.__version__)')"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
cd "$home"
echo "== $EXE --version"
got=$(env -u HALLCLIENT_RESOURCES "$EXE" --version)
echo "$got"
if [ "$got" != "$expected" ]; then
  echo "error: the bundle says '$got', the checkout is '$expected'" >&2
  exit 1
fi
echo "== $EXE --self-test"
if ! env -u HALLCLIENT_RESOURCES HALLCLIENT_HOME="$home" QT_QPA_PLATFORM=offscreen "$EXE" --self-test; then
  echo "error: the frozen self-test failed" >&2
  exit 1
fi
echo "== bundle: $(du -sh "$DIST/hallclient" | cut -f1) in $DIST/hallclient," \
  "$(find "$DIST/hallclient" -type f | wc -l) files; build $((built - started)) s," \
  "smoke test $(($(date +%s) - built)) s"
