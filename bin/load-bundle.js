"use strict";
// The installed CLI is one bundled file, dist/cli.js. V8 compiling it is a large share of a cold start, so
// it is loaded with a V8 code cache, the way Node >= 22.1 caches every module after
// `module.enableCompileCache()` (https://nodejs.org/api/module.html#module-compile-cache). Node 20 has no
// such switch, so there the same is done with vm.Script's `cachedData`
// (https://nodejs.org/api/vm.html#scriptcreatecacheddata). The cache lives in $NODE_COMPILE_CACHE, or
// <tmpdir>/polyscale-compile-cache-<uid>, named after the bundle's hash, Node's version and the CPU architecture.
// V8 refuses a cache written by another V8 or with other flags; the file is then compiled as usual and the
// cache written again. A cache is code this process runs, so it is read only from a directory that is this
// user's own and that no one else can write to. NODE_DISABLE_COMPILE_CACHE=1 turns the cache off, as it does
// Node's own.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

function loadBundle(file) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return require(file);
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache();
    return require(file);
  }
  const cacheFile = cacheFileOf(file);
  return cacheFile === undefined ? require(file) : loadWithCodeCache(file, cacheFile);
}

/** `<dir>/cli-<hash>-<node version>-<arch>.jsc`; undefined when the build wrote no hash (then no cache). */
function cacheFileOf(file) {
  let hash;
  try {
    hash = fs.readFileSync(`${file}.sha256`, "utf8").trim().slice(0, 16);
  } catch {
    return undefined;
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  const dir = process.env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), `polyscale-compile-cache${uid === undefined ? "" : `-${uid}`}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return ownPrivateDirectory(dir, uid) ? path.join(dir, `cli-${hash}-${process.version}-${process.arch}.jsc`) : undefined;
}

/** True for a real directory (not a link) owned by `uid` that neither its group nor others may write to. */
function ownPrivateDirectory(dir, uid) {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

/** `require(file)` with V8's code cache: read before compiling, written at exit when missing or refused. */
function loadWithCodeCache(file, cacheFile) {
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  require.cache[file] = mod;
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  // Written at exit, so the cache holds the functions this run compiled lazily too (the render path).
  if (cachedData === undefined || script.cachedDataRejected) process.once("exit", () => writeCache(cacheFile, script));
  return mod.exports;
}

function writeCache(cacheFile, script) {
  try {
    const partial = `${cacheFile}.${process.pid}`;
    fs.writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(partial, cacheFile);
  } catch {
    // A read-only or full disk only costs the next run the compile it would have saved.
  }
}

module.exports = { loadBundle };
