"""The papermill engine pages run with: papermill's own nbclient engine, the notebook written once at the end.

papermill writes the whole executed notebook as each cell starts and as it completes (with
every chart and table so far): some forty writes a page, a large part of its time on a
warm kernel. Pages are written once, when the run ends or stops (a timeout, a dead kernel:
what ran is kept), by papermill's own ``notebook_complete``; execution, parameters and
outputs are papermill's and nbclient's, unchanged.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine, papermill_engines

ENGINE = "yubei"
"""The name the engine is registered under (``papermill.execute_notebook(..., engine_name=ENGINE)``)."""


class WrittenAtEnd(NBClientEngine):
    """papermill's nbclient engine, writing the executed notebook when the run ends, not at every cell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        """Execute the cells with no write between them; papermill writes the notebook after this returns or raises."""
        path, nb_man.output_path = nb_man.output_path, None
        try:
            super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        finally:
            nb_man.output_path = path  # for notebook_complete, which papermill calls next, done or stopped


papermill_engines.register(ENGINE, WrittenAtEnd)
