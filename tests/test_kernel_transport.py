"""Notebook kernels talk to the runner over private Unix-domain sockets, not unencrypted TCP."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from krdev import runner

PROBE = ("import json, os\nfrom ipykernel import get_connection_file\n"
         "info = json.load(open(get_connection_file()))\n"
         "print(json.dumps({'transport': info['transport'], 'ip': info['ip'],"
         " 'mode': oct(os.stat(os.path.dirname(info['ip'])).st_mode & 0o777)}))")


@pytest.mark.slow
def test_runner_kernels_use_ipc_in_a_private_folder(tmp_path, capfd):
    notebook = tmp_path / "probe.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook)
    output = tmp_path / "out" / "probe.ipynb"
    runner.execute(notebook, output)
    executed = json.loads(output.read_text(encoding="utf-8"))
    info = json.loads("".join(executed["cells"][0]["outputs"][0]["text"]))
    assert info["transport"] == "ipc"
    assert info["mode"] == "0o700"  # only this user can reach the sockets
    assert not Path(info["ip"]).parent.exists()  # removed after the run
    captured = capfd.readouterr()
    assert "without encryption" not in captured.out + captured.err
