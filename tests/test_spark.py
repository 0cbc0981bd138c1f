"""The Spark runner in local mode gives the records of the local runner on the same files."""

from __future__ import annotations

import shutil

import pytest

from bench.make_articles import make
from relato.errors import RelatoError
from relato.ingest import iter_articles

pytest.importorskip("pyspark", reason="PySpark is the optional extra relato[spark]")
pytest.importorskip("pyarrow", reason="PySpark's Arrow support needs pyarrow")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java (17 here)", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    from relato.spark import session

    spark = session("local[2]", "relato-test")
    yield spark
    spark.stop()


def test_spark_and_local_runner_give_the_same_records(spark, pipeline, tmp_path):
    import duckdb

    from relato.spark import run

    folder = tmp_path / "articles"
    make(200, folder)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    local = {}
    errors = 0
    for result in pipeline.run(iter_articles([str(folder)])):
        if isinstance(result, RelatoError):
            errors += 1
        else:
            local[result.id] = result.model_dump_json()
    run(spark, str(folder), str(tmp_path / "out"))
    with duckdb.connect() as db:
        rows = db.execute(
            "SELECT id, record, error, published_date FROM read_parquet(?, "
            "hive_partitioning = true)", [str(tmp_path / "out" / "**" / "*.parquet")]).fetchall()
    remote = {row[0]: row[1] for row in rows if row[0] is not None}
    assert len(local) == 200 and errors == 1
    assert remote == local
    failed = [row for row in rows if row[2] is not None]
    assert len(failed) == 1 and "broken.json" in failed[0][2] and "invalid-json" in failed[0][2]
    # partitioned by publication date
    assert {row[3] for row in rows if row[0]} == {r[:10] for r in
                                                  (local[i].split('"published":"')[1]
                                                   for i in local)}
