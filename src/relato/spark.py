"""relato on Spark: the same readers and the same pipeline in every executor.

    relato spark INPUT OUTPUT [--master local[*]]
    spark-submit --master yarn "$(python -c 'import relato.spark as s; print(s.__file__)')" \\
        INPUT OUTPUT

INPUT is any path Spark reads (a folder, a glob, hdfs://, s3a://): each file's bytes go to
an executor, where relato's own readers turn them into articles (JSON, JSON lines, HTML,
text, as on one machine) and the pipeline, loaded once per executor process, turns them into
records. OUTPUT is Parquet partitioned by publication date, one row per article: its id,
its record as JSON (the same JSON `relato extract` writes) or the error that kept it out.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

OUTPUT_SCHEMA = "id string, item string, record string, error string, published_date string"
NO_DATE = "unknown"

_PIPELINE = None


def _pipeline():
    """One pipeline per executor process: spaCy models load once, not once per task."""
    global _PIPELINE
    if _PIPELINE is None:
        from relato.pipeline import Pipeline

        _PIPELINE = Pipeline.default()
    return _PIPELINE


def _local_name(path: str) -> str:
    """The file name as relato's readers see it, whatever the filesystem prefix."""
    return path.split(":", 1)[1] if path.startswith("file:") else path


def articles_of_file(path: str, content: bytes) -> Iterator[Any]:
    """Articles (or errors naming the item) from one file's bytes, as `relato extract`."""
    from relato.ingest import Defaults, _kind_of, _stem, read_bytes

    name = _local_name(path)
    yield from read_bytes(content, name, _stem(PurePosixPath(name).name), _kind_of(name),
                          Defaults())


def records_of_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """mapInArrow body: (path, content) rows in, one row per article out."""
    import pyarrow as pa

    from relato.errors import RelatoError

    pipeline = _pipeline()
    for batch in batches:
        items: list[Any] = []
        for path, content in zip(batch.column("path").to_pylist(),
                                 batch.column("content").to_pylist(), strict=True):
            items.extend(articles_of_file(path, content))
        rows: dict[str, list[Any]] = {"id": [], "item": [], "record": [], "error": [],
                                      "published_date": []}
        for result in pipeline.run(items):
            if isinstance(result, RelatoError):
                rows["id"].append(None)
                rows["item"].append(result.item)
                rows["record"].append(None)
                rows["error"].append(result.one_line())
                rows["published_date"].append(NO_DATE)
            else:
                rows["id"].append(result.id)
                rows["item"].append(result.id)
                rows["record"].append(result.model_dump_json())
                rows["error"].append(None)
                rows["published_date"].append((result.published or NO_DATE)[:10])
        yield pa.RecordBatch.from_pydict(rows, schema=pa.schema([
            ("id", pa.string()), ("item", pa.string()), ("record", pa.string()),
            ("error", pa.string()), ("published_date", pa.string())]))


def session(master: str | None = None, name: str = "relato"):
    """A Spark session whose Python workers are this Python (with relato installed)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(name).config("spark.ui.enabled", "false")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def run(spark, source: str, output: str, files_per_task: int = 8) -> None:
    """Read every file under `source`, extract, write Parquet partitioned by date."""
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true") \
        .load(source).select("path", "content")
    partitions = max(1, files.rdd.getNumPartitions())
    count = files.count()
    files = files.repartition(max(partitions, -(-count // files_per_task)))
    records = files.mapInArrow(records_of_batches, OUTPUT_SCHEMA)
    records.write.mode("overwrite").partitionBy("published_date").parquet(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="relato spark", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="files or folder, any path Spark reads")
    parser.add_argument("output", help="Parquet folder, partitioned by publication date")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, or local)")
    args = parser.parse_args(argv)
    spark = session(args.master)
    try:
        run(spark, args.input, args.output)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
