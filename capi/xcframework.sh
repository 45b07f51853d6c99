#!/usr/bin/env bash
# Builds libspindle.a for iOS devices and both iOS simulators, and lays out
# Spindle.xcframework for Xcode (target/xcframework/Spindle.xcframework):
#
#   Info.plist                       what xcodebuild would write
#   ios-arm64/                       devices (aarch64-apple-ios)
#   ios-arm64_x86_64-simulator/      simulators (aarch64-apple-ios-sim and
#                                    x86_64-apple-ios, joined by llvm-lipo)
#     libspindle.a
#     Headers/wasm.h spindle.h module.modulemap   (Swift: `import Spindle`)
#
# A static library needs no Apple linker, so this runs on Linux. What it
# cannot do here is run `xcodebuild -create-xcframework` or sign anything:
# it writes the folder layout and the Info.plist itself. On a Mac,
# `xcodebuild -create-xcframework -library <lib> -headers <dir> ...` over the
# two libraries below gives the same framework.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash capi/header.sh >/dev/null
lipo=$(command -v llvm-lipo || command -v llvm-lipo-14 || true)
if [ -z "$lipo" ]; then
  command -v apt-get >/dev/null && { apt-get update -qq && apt-get install -y -qq llvm-14 >/dev/null; }
  lipo=$(command -v llvm-lipo || command -v llvm-lipo-14)
fi
nm=$(command -v llvm-nm || command -v llvm-nm-14)
targets="aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios"
for t in $targets; do
  # Only the static library: a cdylib would need Apple's linker. Where
  # rustup has no prebuilt standard library for a target (here the two
  # simulators), nightly's -Zbuild-std compiles it from rust-src; the
  # library's code is the same.
  if rustup target add "$t" >/dev/null 2>&1; then
    cargo rustc --quiet --release -p spindle-c-api --target "$t" --crate-type staticlib
  else
    rustup component add rust-src --toolchain nightly >/dev/null
    cargo +nightly rustc --quiet -Zbuild-std=std,panic_unwind --release -p spindle-c-api \
      --target "$t" --crate-type staticlib
  fi
done
out=target/xcframework/Spindle.xcframework
rm -rf "$out"
dev="$out/ios-arm64"
sim="$out/ios-arm64_x86_64-simulator"
mkdir -p "$dev/Headers" "$sim/Headers"
cp target/aarch64-apple-ios/release/libspindle.a "$dev/"
"$lipo" -create target/aarch64-apple-ios-sim/release/libspindle.a \
  target/x86_64-apple-ios/release/libspindle.a -output "$sim/libspindle.a"
for d in "$dev" "$sim"; do
  cp capi/include/wasm.h capi/include/spindle.h "$d/Headers/"
  cat > "$d/Headers/module.modulemap" <<'MAP'
module Spindle {
    header "wasm.h"
    header "spindle.h"
    link "spindle"
    export *
}
MAP
done
cat > "$out/Info.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AvailableLibraries</key>
	<array>
		<dict>
			<key>HeadersPath</key>
			<string>Headers</string>
			<key>LibraryIdentifier</key>
			<string>ios-arm64</string>
			<key>LibraryPath</key>
			<string>libspindle.a</string>
			<key>SupportedArchitectures</key>
			<array>
				<string>arm64</string>
			</array>
			<key>SupportedPlatform</key>
			<string>ios</string>
		</dict>
		<dict>
			<key>HeadersPath</key>
			<string>Headers</string>
			<key>LibraryIdentifier</key>
			<string>ios-arm64_x86_64-simulator</string>
			<key>LibraryPath</key>
			<string>libspindle.a</string>
			<key>SupportedArchitectures</key>
			<array>
				<string>arm64</string>
				<string>x86_64</string>
			</array>
			<key>SupportedPlatform</key>
			<string>ios</string>
			<key>SupportedPlatformVariant</key>
			<string>simulator</string>
		</dict>
	</array>
	<key>CFBundlePackageType</key>
	<string>XFWK</string>
	<key>XCFrameworkFormatVersion</key>
	<string>1.0</string>
</dict>
</plist>
PLIST
# Check what was laid out: each library holds the C API for its
# architectures, and the plist parses.
python3 -c 'import plistlib,sys; plistlib.load(open(sys.argv[1],"rb"))' "$out/Info.plist"
"$lipo" -info "$sim/libspindle.a"
for lib in "$dev/libspindle.a" "$sim/libspindle.a"; do
  # (llvm-nm exits non-zero on the standard library's members, whose embedded
  # bitcode is newer than an older llvm-nm reads; Spindle's symbols are read.)
  syms=$("$nm" --defined-only "$lib" 2>/dev/null || true)
  for sym in wasm_instance_new spindle_wasi_run; do
    grep -q "T _$sym\$" <<<"$syms" || { echo "$lib lacks $sym" >&2; exit 1; }
  done
done
echo "$out"
