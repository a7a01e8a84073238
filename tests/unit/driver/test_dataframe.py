"""Result.to_df: pandas is optional; without it to_df says how to get it."""

from __future__ import annotations

import importlib.util

import pytest

from graphbolt import GraphDatabase

HAS_PANDAS = importlib.util.find_spec("pandas") is not None


@pytest.mark.skipif(HAS_PANDAS, reason="pandas is installed")
def test_to_df_without_pandas_raises_import_error() -> None:
    with GraphDatabase.driver("memory://") as driver, driver.session() as session:
        result = session.run("RETURN 1 AS x")
        with pytest.raises(ImportError, match="pandas"):
            result.to_df()


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_to_df_with_pandas() -> None:
    with GraphDatabase.driver("memory://") as driver, driver.session() as session:
        df = session.run("UNWIND [1, 2] AS x RETURN x, {a: x} AS m").to_df()
        assert list(df.columns) == ["x", "m"] and list(df["x"]) == [1, 2]
        expanded = session.run("CREATE (n:N {p: 1}) RETURN n").to_df(expand=True)
        assert "n().prop.p" in expanded.columns
