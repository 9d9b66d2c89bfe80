"""tools/setup-system.sh decides what to install, and how, without installing anything here.

Every command the script could use to change the machine (``id``, ``sudo``, ``dpkg-query``,
``apt-get``, ``npm``) is a fake on a PATH that holds nothing else but a few harmless real tools;
the fakes append what they were asked to a log, which the tests read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "setup-system.sh"
REAL_TOOLS = ("bash", "sh", "env", "dirname", "date", "awk", "grep", "cat", "cp", "mkdir", "touch")

FAKES = {
    "id": '[ "$1" = -u ] && echo "$FAKE_UID"',
    # password-less sudo when FAKE_SUDO=ok: log the call, then run the command (a fake, too)
    "sudo": '[ "$FAKE_SUDO" = ok ] || exit 1\n[ "$1" = -n ] && shift\n[ "$1" = true ] && exit 0\n'
            'echo "sudo $*" >> "$FAKE_LOG"\nexec "$@"',
    "dpkg-query": 'for last; do :; done\n'
                  'if grep -qx "$last" "$FAKE_INSTALLED"; then printf "install ok installed"; '
                  'else echo "dpkg-query: no packages found matching $last" >&2; exit 1; fi',
    "apt-get": 'echo "apt-get $*" >> "$FAKE_LOG"',
    "npm": 'echo "npm $*" >> "$FAKE_LOG"',
}


def package_list() -> list[str]:
    """The APT_PACKAGES array of the script, read from its text."""
    text = SCRIPT.read_text(encoding="utf-8")
    body = re.search(r"^APT_PACKAGES=\((.*?)^\)", text, re.S | re.M).group(1)
    return [line.split("#")[0].strip() for line in body.splitlines() if line.split("#")[0].strip()]


@pytest.fixture
def machine(tmp_path):
    """A copy of the script in a scratch tree, and a function that runs it on a faked machine."""
    tree = tmp_path / "tree"
    (tree / "tools").mkdir(parents=True)
    shutil.copy2(SCRIPT, tree / "tools" / "setup-system.sh")
    fakebin = tmp_path / "bin"
    fakebin.mkdir()
    for tool in REAL_TOOLS:
        (fakebin / tool).symlink_to(shutil.which(tool))
    log, installed_file = tmp_path / "calls.log", tmp_path / "installed.txt"

    def run(*, uid=1000, sudo=False, installed=(), fakes=("id", "sudo", "dpkg-query", "apt-get", "npm"),
            command=None):
        for name in FAKES:
            (fakebin / name).unlink(missing_ok=True)
        for name in fakes:
            (fakebin / name).write_text("#!/bin/sh\n" + FAKES[name] + "\n")
            (fakebin / name).chmod(0o755)
        installed_file.write_text("".join(f"{p}\n" for p in installed))
        log.write_text("")
        env = {"PATH": str(fakebin), "FAKE_UID": str(uid), "FAKE_SUDO": "ok" if sudo else "no",
               "FAKE_LOG": str(log), "FAKE_INSTALLED": str(installed_file), "HOME": str(tmp_path)}
        result = subprocess.run(command or [shutil.which("bash"), str(tree / "tools" / "setup-system.sh")],
                                cwd=tree, env=env, capture_output=True, text=True, timeout=60)
        return result, log.read_text().splitlines()

    run.tree = tree
    run.fakebin = fakebin
    return run


def test_the_list_names_what_the_tests_need():
    packages = package_list()
    for needed in ("chromium", "fonts-noto-cjk", "texlive-xetex", "texlive-lang-cjk", "poppler-utils"):
        assert needed in packages


def test_everything_present_installs_nothing(machine):
    result, calls = machine(installed=package_list())
    assert result.returncode == 0, result.stderr
    assert calls == []
    assert f"all {len(package_list())} present" in result.stdout


def test_root_installs_only_the_missing_packages(machine):
    present = [p for p in package_list() if p not in ("chromium", "poppler-utils")]
    result, calls = machine(uid=0, installed=present)
    assert result.returncode == 0, result.stderr
    assert calls == ["apt-get update -qq", "apt-get install -y -qq chromium poppler-utils"]


def test_passwordless_sudo_installs_through_sudo(machine):
    present = [p for p in package_list() if p != "fonts-noto-cjk"]
    result, calls = machine(uid=1000, sudo=True, installed=present)
    assert result.returncode == 0, result.stderr
    assert calls == [
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq", "apt-get update -qq",
        "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk",
        "apt-get install -y -qq fonts-noto-cjk",
    ]


@pytest.mark.parametrize("fakes", [("id", "sudo", "dpkg-query", "apt-get", "npm"),  # sudo asks a password
                                   ("id", "dpkg-query", "apt-get", "npm")],        # no sudo at all
                         ids=["sudo-needs-password", "no-sudo"])
def test_neither_root_nor_sudo_stops_with_the_one_command(machine, fakes):
    present = [p for p in package_list() if p not in ("chromium", "latexmk")]
    result, calls = machine(uid=1000, sudo=False, installed=present, fakes=fakes)
    assert result.returncode == 1
    assert calls == []  # nothing attempted
    commands = [line.strip() for line in result.stderr.splitlines() if "apt-get" in line]
    assert commands == ["sudo apt-get update && sudo apt-get install -y chromium latexmk"]


def test_not_debian_warns_and_goes_on(machine):
    result, calls = machine(uid=0, fakes=("id", "sudo", "apt-get", "npm"))
    assert result.returncode == 0
    assert calls == []
    assert "not a Debian/Ubuntu system" in result.stdout and "chromium" in result.stdout


def test_npm_tools_from_a_lock_file(machine):
    web = machine.tree / "tools" / "web"
    result, calls = machine(installed=package_list())
    assert not any(c.startswith("npm") for c in calls)  # no lock file: no npm step
    web.mkdir()
    (web / "package-lock.json").write_text("{}\n")
    result, calls = machine(installed=package_list())
    assert result.returncode == 0, result.stderr
    assert calls == ["npm ci --prefix tools/web --no-audit --no-fund --loglevel=error"]
    # after `npm ci` (which writes node_modules/.package-lock.json) nothing is left to do
    (web / "node_modules").mkdir()
    (web / "node_modules" / ".package-lock.json").write_text("{}\n")
    os.utime(web / "package-lock.json", (1_000_000_000, 1_000_000_000))
    result, calls = machine(installed=package_list())
    assert calls == []
    # a newer lock file runs it again
    os.utime(web / "package-lock.json", None)
    os.utime(web / "node_modules" / ".package-lock.json", (1_000_000_000, 1_000_000_000))
    result, calls = machine(installed=package_list())
    assert calls == ["npm ci --prefix tools/web --no-audit --no-fund --loglevel=error"]


def test_npm_missing_with_a_lock_file_installs_node_first(machine):
    (machine.tree / "tools" / "web").mkdir()
    (machine.tree / "tools" / "web" / "package-lock.json").write_text("{}\n")
    result, calls = machine(uid=0, installed=package_list(), fakes=("id", "sudo", "dpkg-query", "apt-get"))
    assert calls[:2] == ["apt-get update -qq", "apt-get install -y -qq nodejs npm"]


def test_make_test_stops_before_any_build(machine):
    """`make test` runs the script first: without privileges it stops before creating .venv."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, machine.tree / name)
    make = shutil.which("make")
    present = [p for p in package_list() if p != "chromium"]
    result, calls = machine(uid=1000, installed=present, command=[make, "test", "PYTHON=false"])
    assert result.returncode != 0
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr
    assert not (machine.tree / ".venv").exists()
    assert calls == []


def test_ci_runs_the_script_and_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "tools/setup-system.sh" in ci
    assert "make test" in ci and re.search(r"^make test\b", readme, re.M)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: system ", makefile, re.M) and "tools/setup-system.sh" in makefile
