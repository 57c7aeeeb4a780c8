"""Build the course as a static JupyterLite site (Pyodide kernel) in ``_site/``.

``make site`` runs this in its own venv (``.venv-site``, from ``site/requirements.txt``).
Everything that ends up in the site is pinned and checked, and comes from the package
registries only:

* JupyterLite's app and the Pyodide kernel's frontend: ``jupyterlite-core`` and
  ``jupyterlite-pyodide-kernel`` (PyPI, pinned in ``site/requirements.txt``), plus the
  widgets frontend ``jupyterlab_widgets`` (it must match the kernel's ``ipywidgets``).
* Pyodide's core (the WebAssembly CPython and its standard library): the npm package
  ``pyodide`` at the kernel's ``PYODIDE_VERSION``, checked against :data:`PYODIDE_INTEGRITY`.
* The wheels the kernel runs: the ones Pyodide's lock names for the kernel itself
  (micropip, IPython and its closure) and the course's (tinydb, ipywidgets, comm,
  anywidget and psygnal, networkx), all pure-Python wheels from PyPI, listed with their
  sha256 in ``site/kernel-requirements.txt`` (``--repin`` rewrites it); the kernel's
  own (piplite, pyodide-kernel, its ipykernel shim) from its labextension; and wmkit's
  own wheel built from this checkout.
* anywidget's labextension (the Studio's clickable drawings), at the version of the
  kernel's anywidget wheel.

The site's ``static/pyodide/pyodide-lock.json`` names exactly those wheels (with their
real sha256) and nothing else, and the kernel may not fall back to PyPI, so a browser
that opens the site never asks any other host for anything. The kernel loads all it
needs to start in one go as Pyodide starts (:data:`PRELOAD`).

Downloads are cached in ``~/.cache/wmkit-site`` (``WMKIT_SITE_CACHE``), under names that
hold their versions, so a second build needs no network. Timestamps come from
``SOURCE_DATE_EPOCH`` (the last commit's time when unset), so the same inputs give the
same bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LESSONS = REPO / "lessons"
KERNEL_REQUIREMENTS = HERE / "kernel-requirements.txt"
CACHE = Path(os.environ.get("WMKIT_SITE_CACHE", Path.home() / ".cache" / "wmkit-site"))

#: Pyodide's core on npm; the version is the kernel's PYODIDE_VERSION (checked below).
PYODIDE_VERSION = "314.0.6"
PYODIDE_INTEGRITY = (
    "sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ=="
)
#: What the kernel needs of the npm package (no consoles, typings or source maps).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The version of Python that Pyodide runs: PyPI wheels are chosen for it.
PYODIDE_PYTHON = "3.14"

#: What the kernel needs from Pyodide's lock at start-up (with KERNEL_WHEELS below).
KERNEL_ROOTS = ("micropip", "ipython", "jedi", "traitlets")
#: The course's packages: version, the import names that load them, what loads with them.
#: ``import wmkit`` brings the widgets, anywidget and networkx along: ``wmkit.widgets``
#: and the pure-Python DAG layout import them inside wmkit, where Pyodide cannot see the
#: import. anywidget's frontend (its labextension, from ``site/requirements.txt``) must be
#: the same version as its wheel here (:func:`check_frontend`).
COURSE = {
    "tinydb": ("4.9.0", ["tinydb"], []),
    "comm": ("0.2.3", ["comm"], ["traitlets"]),
    "ipywidgets": ("8.1.9", ["ipywidgets"], ["comm", "ipython", "traitlets"]),
    "networkx": ("3.6.1", ["networkx"], []),
    "typing-extensions": ("4.15.0", ["typing_extensions"], []),
    "psygnal": ("0.16.1", ["psygnal"], ["typing-extensions"]),
    "anywidget": ("0.11.0", ["anywidget"], ["ipywidgets", "psygnal", "typing-extensions"]),
}
WMKIT_DEPENDS = ["tinydb", "ipywidgets", "anywidget", "networkx"]

#: The kernel's own wheels, shipped in its labextension (``static/pypi``): name, import
#: names, what loads with them. Added to the lock so that the kernel loads them with
#: everything else at once as Pyodide starts (``loadPyodideOptions.packages``), where it
#: would otherwise install them one after the other with piplite.
KERNEL_WHEELS = {
    "piplite": (["piplite"], ["micropip"]),
    "pyodide-kernel": (["pyodide_kernel"], ["comm", "ipython"]),
    "ipykernel": (["ipykernel"], ["pyodide-kernel"]),
}
#: What the kernel's worker loads or installs before it is ready (its initPackageManager
#: and initKernel): every name listed here is loaded up front and skipped there.
PRELOAD = ["micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython"]

KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: The kernel the Pyodide kernel's labextension registers.
PYODIDE_KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def normalize(name: str) -> str:
    """A project name as PyPI compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, env=env, cwd=cwd)


def source_date_epoch() -> str:
    """``SOURCE_DATE_EPOCH``, or the last commit's time (a fixed date outside git)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    return out or "1704067200"  # 2024-01-01


# ---------------------------------------------------------------- Pyodide's core


def pyodide_core() -> Path:
    """The npm package ``pyodide``, checked and unpacked in the cache; its ``package/``."""
    check_kernel_pyodide_version()
    folder = CACHE / "npm" / f"pyodide-{PYODIDE_VERSION}"
    if (folder / "package" / "pyodide-lock.json").is_file():
        return folder / "package"
    tarball = CACHE / "npm" / f"pyodide-{PYODIDE_VERSION}.tgz"
    if not tarball.is_file():
        tarball.parent.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--pack-destination", tarball.parent)
    algorithm, _, expected = PYODIDE_INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        tarball.unlink()
        sys.exit(f"{tarball.name} does not match its pinned integrity; it was deleted, retry.")
    with tempfile.TemporaryDirectory(dir=CACHE / "npm") as tmp, tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        os.makedirs(tmp)  # TemporaryDirectory removes it again
    return folder / "package"


def check_kernel_pyodide_version() -> None:
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION as wanted

    if wanted != PYODIDE_VERSION:
        sys.exit(
            f"jupyterlite-pyodide-kernel wants Pyodide {wanted}, this build pins "
            f"{PYODIDE_VERSION}: update PYODIDE_VERSION and PYODIDE_INTEGRITY in {__file__} "
            "(`npm view pyodide@VERSION dist.integrity`), then run `--repin`."
        )


def kernel_closure(lock: dict) -> dict[str, dict]:
    """The lock entries the kernel itself needs, by normalized name."""
    packages = {normalize(name): entry for name, entry in lock["packages"].items()}
    needed: dict[str, dict] = {}
    todo = list(KERNEL_ROOTS)
    while todo:
        name = normalize(todo.pop())
        if name not in needed:
            needed[name] = packages[name]
            todo.extend(packages[name]["depends"])
    return needed


# ------------------------------------------------------------------- the wheels


def read_requirements() -> dict[str, tuple[str, str]]:
    """``site/kernel-requirements.txt`` as {normalized name: (version, sha256)}."""
    pins = {}
    for line in KERNEL_REQUIREMENTS.read_text().splitlines():
        match = re.match(r"^([\w.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})\s*$", line)
        if match:
            pins[normalize(match[1])] = (match[2], match[3])
    return pins


def wanted_versions(lock: dict) -> dict[str, str]:
    """Every wheel the site ships from PyPI, with the version it must have."""
    wanted = {name: entry["version"] for name, entry in kernel_closure(lock).items()}
    wanted.update({normalize(name): version for name, (version, _, _) in COURSE.items()})
    return wanted


def download_wheels(lock: dict) -> dict[str, Path]:
    """The pinned wheels, from the cache or PyPI, each checked by pip against its hash."""
    pins = read_requirements()
    wanted = wanted_versions(lock)
    stale = {n: v for n, v in wanted.items() if pins.get(n, ("",))[0] != v}
    if stale:
        sys.exit(
            f"{KERNEL_REQUIREMENTS.name} does not pin {stale} (Pyodide's lock or COURSE "
            "changed): run `.venv-site/bin/python site/build.py --repin`."
        )
    folder = CACHE / "wheels"
    pip_download(["--require-hashes", "-r", str(KERNEL_REQUIREMENTS)], folder)
    return {name: wheel_file(folder, name, version) for name, version in wanted.items()}


def pip_download(args: list[str], folder: Path) -> None:
    """``pip download`` of pure wheels for Pyodide's Python (pip skips files it has)."""
    run(
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--no-deps",
        "--only-binary=:all:",
        f"--python-version={PYODIDE_PYTHON}",
        "--implementation=py",
        "--dest",
        folder,
        *args,
    )


def wheel_file(folder: Path, name: str, version: str) -> Path:
    stem = re.sub(r"[-_.]+", "_", name)
    found = [
        p for p in folder.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-".lower())
    ]
    if len(found) != 1:
        sys.exit(f"expected one wheel of {name} {version} in {folder}, found {found}")
    return found[0]


def repin() -> None:
    """Rewrite ``site/kernel-requirements.txt`` for the current lock and COURSE."""
    lock = json.loads((pyodide_core() / "pyodide-lock.json").read_text())
    wanted = wanted_versions(lock)
    folder = CACHE / "wheels"
    pip_download([f"{name}=={version}" for name, version in sorted(wanted.items())], folder)
    lines = [
        f"# The wheels the site's Pyodide kernel runs (Pyodide {PYODIDE_VERSION}, Python "
        f"{PYODIDE_PYTHON}), from PyPI.",
        "# Written by `.venv-site/bin/python site/build.py --repin`: the closure of "
        "KERNEL_ROOTS in Pyodide's",
        "# lock at the lock's versions, plus COURSE in site/build.py. Do not edit by hand.",
    ]
    for name, version in sorted(wanted.items()):
        digest = hashlib.sha256(wheel_file(folder, name, version).read_bytes()).hexdigest()
        lines.append(f"{name}=={version} --hash=sha256:{digest}")
    KERNEL_REQUIREMENTS.write_text("\n".join(lines) + "\n")
    print(f"wrote {KERNEL_REQUIREMENTS}")


def check_frontend(wheels: dict[str, Path]) -> None:
    """The frontend's widget packages must be those the kernel's wheels talk to: the
    ``jupyterlab_widgets`` that ipywidgets asks for, and anywidget's own version."""
    import zipfile
    from importlib.metadata import version

    from packaging.requirements import Requirement

    wheel = wheels["ipywidgets"]
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode()
    for line in text.splitlines():
        if line.startswith("Requires-Dist: jupyterlab_widgets") or line.startswith(
            "Requires-Dist: jupyterlab-widgets"
        ):
            wants = Requirement(line.split(":", 1)[1].strip())
            have = version("jupyterlab_widgets")
            if have not in wants.specifier:
                sys.exit(
                    f"{wheel.name} needs {wants} in the frontend, site/requirements.txt "
                    f"pins jupyterlab_widgets {have}: make them match."
                )
    kernel_side, frontend = COURSE["anywidget"][0], version("anywidget")
    if kernel_side != frontend:
        sys.exit(
            f"the kernel gets anywidget {kernel_side} (COURSE), the frontend {frontend} "
            "(site/requirements.txt): make them match."
        )


def kernel_wheels() -> dict[str, Path]:
    """The kernel's own wheels (:data:`KERNEL_WHEELS`), from its labextension's index,
    checked against the sha256 that index gives."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_KERNEL_NPM_NAME

    extension = Path(sys.prefix, "share", "jupyter", "labextensions", PYODIDE_KERNEL_NPM_NAME)
    pypi = extension / "static" / "pypi"
    index = json.loads((pypi / "all.json").read_text())
    found = {}
    for name in KERNEL_WHEELS:
        [release] = [r for files in index[name]["releases"].values() for r in files]
        wheel = pypi / release["filename"]
        if hashlib.sha256(wheel.read_bytes()).hexdigest() != release["digests"]["sha256"]:
            sys.exit(f"{wheel} does not match its sha256 in {pypi / 'all.json'}")
        found[name] = wheel
    return found


def build_wmkit_wheel(out: Path, epoch: str) -> Path:
    """wmkit's wheel, built from this checkout (reproducible: SOURCE_DATE_EPOCH)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp)  # a copy, so the build leaves no build/ or egg-info behind
        for name in ("pyproject.toml", "README.md"):
            shutil.copy2(REPO / name, source / name)
        shutil.copytree(
            REPO / "wmkit", source / "wmkit", ignore=shutil.ignore_patterns("__pycache__")
        )
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
        run(
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            out,
            source,
            env=env,
        )
    return next(out.glob("wmkit-*.whl"))


# --------------------------------------------------------------------- the lock


def lock_entry(name: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    version = wheel.name.split("-")[1]
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


def site_lock(lock: dict, wheels: dict[str, Path], wmkit: Path) -> dict:
    """Pyodide's lock cut down to the wheels the site ships, with their real sha256.

    Keys are normalized names, as in Pyodide's own lock (it looks dependencies up so).
    """
    packages = {
        key: lock_entry(entry["name"], wheels[key], entry["imports"], entry["depends"])
        for key, entry in kernel_closure(lock).items()
    }
    for name, (_, imports, depends) in COURSE.items():
        packages[normalize(name)] = lock_entry(name, wheels[normalize(name)], imports, depends)
    for name, (imports, depends) in KERNEL_WHEELS.items():
        packages[name] = lock_entry(name, wheels[name], imports, depends)
    packages["wmkit"] = lock_entry("wmkit", wmkit, ["wmkit"], WMKIT_DEPENDS)
    return {"info": lock["info"], "packages": dict(sorted(packages.items()))}


# --------------------------------------------------------------------- the site


def stage(folder: Path, epoch: str) -> None:
    """The JupyterLite project ``jupyter lite build`` reads: config, Pyodide, contents."""
    core = pyodide_core()
    lock = json.loads((core / "pyodide-lock.json").read_text())
    wheels = download_wheels(lock)
    check_frontend(wheels)
    wheels.update(kernel_wheels())
    pyodide = folder / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(core / name, pyodide / name)
    for wheel in wheels.values():
        shutil.copy2(wheel, pyodide / wheel.name)
    wmkit = build_wmkit_wheel(pyodide, epoch)
    (pyodide / "pyodide-lock.json").write_text(
        json.dumps(site_lock(lock, wheels, wmkit), indent=1, sort_keys=True) + "\n"
    )
    for name in ("jupyter_lite_config.json", "overrides.json"):
        shutil.copy2(HERE / name, folder / name)
    config = json.loads((HERE / "jupyter-lite.json").read_text())
    kernel = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    kernel["loadPyodideOptions"] = {"packages": PRELOAD}
    (folder / "jupyter-lite.json").write_text(json.dumps(config, indent=2) + "\n")
    contents = folder / "contents"
    contents.mkdir()
    for notebook in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb")):
        (contents / notebook.name).write_text(for_pyodide(notebook.read_text()))
    shutil.copytree(
        LESSONS / "lesson_checks",
        contents / "lesson_checks",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )


def for_pyodide(notebook: str) -> str:
    """A lesson with the site's kernel named in it, so JupyterLite starts that kernel
    at once instead of asking which one to use."""
    data = json.loads(notebook)
    data["metadata"]["kernelspec"] = PYODIDE_KERNELSPEC
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def build(output: Path) -> None:
    epoch = source_date_epoch()
    work = REPO / "build" / "site"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    stage(work, epoch)
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    run(
        Path(sys.executable).with_name("jupyter"),
        "lite",
        "build",
        "--lite-dir",
        work,
        "--output-dir",
        output,
        "--contents",
        work / "contents",
        env=env,
        cwd=work,  # doit keeps its state in the working directory: a fresh one
    )
    check_site(output)
    print(f"built {output}: {report(output)}")


def check_site(output: Path) -> None:
    """Fail the build if the site would load anything from elsewhere or miss a part."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][KERNEL_PLUGIN]
    problems = []
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.mjs":
        problems.append(f"the kernel loads Pyodide from {kernel.get('pyodideUrl')!r}")
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("the kernel may fall back to PyPI")
    extensions = {e["name"] for e in config.get("federated_extensions", [])}
    for wanted in ("@jupyter-widgets/jupyterlab-manager", "anywidget", KERNEL_PLUGIN.split(":")[0]):
        if wanted not in extensions:
            problems.append(f"the labextension {wanted} is missing")
    pyodide = output / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    preloaded = kernel.get("loadPyodideOptions", {}).get("packages", [])
    problems.extend(
        f"{name} is preloaded but not in the lock"
        for name in preloaded
        if name not in lock["packages"]
    )
    for entry in lock["packages"].values():
        wheel = pyodide / entry["file_name"]
        if not wheel.is_file() or hashlib.sha256(wheel.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['file_name']} is missing or does not match the lock")
    if problems:
        sys.exit(f"the site in {output} is broken: " + "; ".join(problems))


def report(output: Path) -> str:
    files = [p for p in output.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    return f"{len(files)} files, {size / 1e6:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "_site")
    parser.add_argument(
        "--repin", action="store_true", help="rewrite site/kernel-requirements.txt, then stop"
    )
    args = parser.parse_args()
    if args.repin:
        repin()
    else:
        build(args.output.resolve())


if __name__ == "__main__":
    main()
