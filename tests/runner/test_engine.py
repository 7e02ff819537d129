"""The page engine: papermill's nbclient engine writing the executed notebook once, at the end."""

import nbformat
import papermill
import papermill.engines
import pytest

from yubei_lib.runner.engine import ENGINE

pytestmark = pytest.mark.slow


def _notebook(path):
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("n = 1")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *(nbformat.v4.new_code_cell(f"print(n * {k})") for k in range(2, 7))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.source, c.get("execution_count"), [o.get("text") for o in c.get("outputs", [])]) for c in nb.cells]


def test_the_notebook_is_written_at_the_end_with_the_same_cells_and_outputs(tmp_path, monkeypatch):
    source = _notebook(tmp_path / "page.ipynb")
    writes = []
    real = papermill.engines.write_ipynb

    def counted(nb, path):
        writes.append(path)
        real(nb, path)
    monkeypatch.setattr(papermill.engines, "write_ipynb", counted)
    papermill.execute_notebook(str(source), str(tmp_path / "plain.ipynb"), parameters={"n": 3}, progress_bar=False)
    plain = len(writes)
    writes.clear()
    papermill.execute_notebook(str(source), str(tmp_path / "ours.ipynb"), parameters={"n": 3}, progress_bar=False,
                               engine_name=ENGINE)
    assert len(writes) == 2 < plain  # as it starts and as it ends, against twice a cell
    assert _outputs(tmp_path / "ours.ipynb") == _outputs(tmp_path / "plain.ipynb")
    assert _outputs(tmp_path / "ours.ipynb")[-1][2] == ["18\n"]  # parameters injected, every cell run
