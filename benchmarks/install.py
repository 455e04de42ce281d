"""Install times and sizes: what a status repository's workflows and a developer wait for.

Builds statusgen's wheel, downloads every dependency once into a local wheelhouse, then
installs into fresh virtual environments, each case `--repeat` times, and prints the median
wall time and the environment's size:

- runtime only against the `test` extra (`make site` against `make test`);
- the workflows' install step with everything already on disk, as after a cache hit:
  pip from the wheelhouse (what `actions/setup-python`'s `cache: pip` gives pip: every
  download at hand, nothing unpacked) against uv with its cache (the unpacked wheels it
  keeps) and uv from the wheelhouse without a cache, uv's own installation included;
- the same step with nothing at hand (a cache miss): pip and uv downloading from the index;
- the Deploy workflow's install steps as they run (scripts/pages_dry_run.py runs them, with
  a folder standing in for the Actions cache): cold (no environment saved, no uv cache: uv
  downloads everything), with uv's cache warm, and with the saved virtual environment
  restored (untarred into place, then `statusgen --version`). setup-uv's stand-in, which
  pip-installs uv instead of downloading its binary, is timed apart and left out.

Warm cases read nothing from the network, so they measure the installers, not this
machine's connection. This machine's pip configuration is switched off for every case.

Usage:
    python benchmarks/install.py [--repeat 5] [--uv-version 0.13.9] [--skip-network]
                                 [--only-workflow-steps]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.pages_dry_run import Runner, load_workflow, run_step  # noqa: E402

Install = Callable[[Path], None]


def clean_env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_CACHE_DIR=str(cache / "pip"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        UV_CACHE_DIR=str(cache / "uv"),
        UV_NO_CONFIG="1",
    )
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def fresh_venv(root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
    return root / "bin" / "python"


def timed(name: str, install: Install, work: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of `install(python)` into a fresh venv, and the venv's size in MB."""
    venv = work / "venv"
    install(fresh_venv(venv))  # fills whatever cache this case reads
    times = []
    for _ in range(repeat):
        python = fresh_venv(venv)
        started = time.perf_counter()
        install(python)
        times.append(time.perf_counter() - started)
    size = size_mb(venv)
    median = statistics.median(times)
    print(
        f"{name:<58} median {median:5.1f} s (min {min(times):4.1f}, max {max(times):4.1f})"
        f"  venv {size:4.0f} MB",
        flush=True,
    )
    return median, size


def workflow_steps(wheel: Path, work: Path, repeat: int) -> None:
    """Median seconds of the Deploy build job's install steps, per case."""
    job = load_workflow(REPO / "src/statusgen/authoring/scaffold/workflows/deploy.yml")
    names = [step["name"] for step in job["jobs"]["build"]["steps"]]
    first = names.index("Name the statusgen environment")
    last = names.index("Save the statusgen environment")
    install = job["jobs"]["build"]["steps"][first : last + 1]
    repo = work / "status-repo"
    repo.mkdir()
    (repo / "requirements.txt").write_text("statusgen==0.0.0\n", "utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    python = fresh_venv(work / "setup-python")  # stands in for actions/setup-python
    env = clean_env(work / "step-cache")
    uv_cache, actions_cache, temp = work / "uv-cache", work / "actions-cache", work / "runner"

    def once(*, keep_uv_cache: bool, keep_environment: bool) -> tuple[float, float]:
        for folder in (temp, *([] if keep_uv_cache else [uv_cache])):
            shutil.rmtree(folder, ignore_errors=True)
        if not keep_environment:
            shutil.rmtree(actions_cache, ignore_errors=True)
        temp.mkdir()
        (temp / "python").symlink_to(python.parent.parent)  # where setup-uv's stand-in looks
        runner = Runner(repo, temp, "", {"STATUSGEN_INSTALL": str(wheel)}, cache=actions_cache)
        runner.path_prefix.append(python.parent)
        runner.workflow_env = dict(job["env"])
        runner.uv_cache = uv_cache
        steps_time = setup_uv_time = 0.0
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        try:
            for step in install:
                started = time.perf_counter()
                run_step(runner, step, 1, str(python))
                spent = time.perf_counter() - started
                if str(step.get("uses", "")).startswith("astral-sh/setup-uv@"):
                    setup_uv_time += spent
                else:
                    steps_time += spent
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return steps_time, setup_uv_time

    cases = [
        ("cold: no saved environment, no uv cache", False, False),
        ("no saved environment, uv's cache warm", True, False),
        ("saved environment restored", True, True),
    ]
    # In this order: a cold run fills uv's cache and saves the environment the last restores.
    for name, keep_uv_cache, keep_environment in cases:
        runs = [
            once(keep_uv_cache=keep_uv_cache, keep_environment=keep_environment)
            for _ in range(repeat)
        ]
        steps_times = [steps_time for steps_time, _ in runs]
        print(
            f"Deploy's install steps, {name:<40} median {statistics.median(steps_times):5.1f} s"
            f" (min {min(steps_times):4.1f}, max {max(steps_times):4.1f});"
            f" setup-uv stand-in {statistics.median(u for _, u in runs):4.1f} s",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--uv-version", default="0.13.9", help="the uv release to measure")
    parser.add_argument("--skip-network", action="store_true", help="only the warm cases")
    parser.add_argument(
        "--only-workflow-steps", action="store_true", help="only the Deploy workflow's steps"
    )
    args = parser.parse_args()
    uv_spec = f"uv=={args.uv_version}"
    with tempfile.TemporaryDirectory(prefix="statusgen-install-bench-") as scratch:
        work = Path(scratch)
        env = clean_env(work / "cache")
        house = work / "wheelhouse"
        pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w"]
        run([*pip_wheel, str(house), str(REPO)], env)
        [wheel] = house.glob("statusgen-*.whl")
        if args.only_workflow_steps:
            workflow_steps(wheel, work, args.repeat)
            return 0
        test_spec = f"statusgen[test] @ {wheel.as_uri()}"
        # Wheels, not downloads: feedgen comes as an sdist, and pip's cache keeps the wheel
        # it builds, as this wheelhouse does.
        run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "-w", str(house), test_spec, uv_spec],
            env,
        )
        local = ["--no-index", "--find-links", str(house)]

        def pip(*what: str, where: tuple[str, ...] = tuple(local)) -> Install:
            return lambda python: run([str(python), "-m", "pip", "install", *where, *what], env)

        def uv(*options: str, uv_env: dict[str, str] = env) -> Install:
            def install(python: Path) -> None:
                run([str(python), "-m", "pip", "install", *local, uv_spec], env)
                command = [str(python.parent / "uv"), "pip", "install", "--python", str(python)]
                run([*command, *options, str(wheel)], uv_env)

            return install

        print(f"{wheel.name}, {args.repeat} runs a case, each into a fresh venv", flush=True)
        runtime, runtime_mb = timed("runtime only (pip, everything at hand)", pip(str(wheel)),
                                    work, args.repeat)  # fmt: skip
        test, test_mb = timed("runtime + test extra (pip, everything at hand)", pip(test_spec),
                              work, args.repeat)  # fmt: skip
        uv_warm, _ = timed(f"workflow step: pip install {uv_spec}, uv pip from its cache",
                           uv("--offline", *local), work, args.repeat)  # fmt: skip
        uv_house, _ = timed(f"workflow step: pip install {uv_spec}, uv pip, no cache",
                            uv("--no-cache", *local), work, args.repeat)  # fmt: skip
        uv_cache = size_mb(work / "cache" / "uv")
        print(f"on disk: wheelhouse {size_mb(house):.0f} MB, uv's cache {uv_cache:.0f} MB")
        print(f"test extra vs runtime only: {test / runtime:.1f}x the time, "
              f"{test_mb / runtime_mb:.1f}x the size")  # fmt: skip
        print(f"workflow step, pip vs uv: uv {runtime / uv_warm:.1f}x as fast with its cache, "
              f"{runtime / uv_house:.1f}x without")  # fmt: skip
        if not args.skip_network:
            cold_pip, _ = timed("cache miss: pip downloading from the index",
                                pip("--no-cache-dir", str(wheel), where=()),
                                work, args.repeat)  # fmt: skip
            cold_uv, _ = timed(f"cache miss: pip install {uv_spec}, uv downloading",
                               uv("--no-cache"), work, args.repeat)  # fmt: skip
            print(f"cache miss, pip vs uv: uv {cold_pip / cold_uv:.1f}x as fast")
            workflow_steps(wheel, work, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
