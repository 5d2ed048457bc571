// Run tests/lite_probe.py inside Pyodide (CPython on WebAssembly) under Node, as xlwings Lite runs Python:
//   node pyodide_run.mjs PYODIDE_DIR WHEELS_DIR XLWINGS_DIR TESTS_DIR INPUTS_DIR
// Every wheel in WHEELS_DIR is installed the way micropip installs a pure-Python wheel (unpacked into
// site-packages, its .dist-info included); xlwings' own Python files come from XLWINGS_DIR (xlwings Lite brings
// its own build of xlwings; its compiled part, only for the file reader, is left out). Prints the probe's JSON.
import { pathToFileURL } from "node:url";
import path from "node:path";

const [pyodideDir, wheels, xlwings, tests, inputs] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });
for (const [dir, mount] of [[wheels, "/wheels"], [xlwings, "/xlwings-src"], [tests, "/tests"], [inputs, "/inputs"]]) {
  py.FS.mkdirTree(mount);
  py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, mount);
}
py.setStdout({ batched: (s) => process.stderr.write(s + "\n") });
try {
  const result = await py.runPythonAsync(`
import glob, json, shutil, sys, sysconfig, zipfile
site = sysconfig.get_paths()["purelib"]
for wheel in sorted(glob.glob("/wheels/*.whl")):
    zipfile.ZipFile(wheel).extractall(site)
shutil.copytree("/xlwings-src", site + "/xlwings", ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
sys.path.append("/tests")
import lite_probe
json.dumps({"python": sys.version, "platform": sys.platform, **(await lite_probe.run("/inputs/inputs.json"))})
`);
  process.stdout.write(result + "\n");
} catch (e) {
  process.stderr.write((e.message ?? String(e)) + "\n");
  process.exit(1);
}
