"""Runs the manual's Spark recipe, as docs/scale.md has it, on a local Spark.

    python3 tests/spark/run_recipe.py docs/scale.md NEGLIST INPUT_DIR OUT.json

The snippet after `<!-- snippet: spark -->` is executed with `spark` bound
to a SparkSession on local[2]; its input path is replaced by INPUT_DIR and
its `neglist` by the binary under test. The collected findings, the
partition count and the seconds the job took go to OUT.json.
"""
import json
import sys
import time

from pyspark.sql import SparkSession

chapter, neglist, data, out = sys.argv[1:5]
text = open(chapter, encoding="utf-8").read()
block = text.split("<!-- snippet: spark -->", 1)[1]
code = block.split("```python", 1)[1].split("```", 1)[0]
PATH = "hdfs:///registry/filings/"
assert PATH in code, "the snippet's input path changed; update run_recipe.py"
assert '"neglist check' in code, "the snippet's command changed; update run_recipe.py"
code = code.replace(PATH, data).replace('"neglist check', '"%s check' % neglist)

spark = (
    SparkSession.builder.master("local[2]")
    .appName("neglist-recipe")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.host", "127.0.0.1")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
scope = {"spark": spark}
started = time.time()
exec(code, scope)
findings = scope["findings"]
rows = findings.collect()
seconds = time.time() - started
with open(out, "w", encoding="utf-8") as f:
    json.dump(
        {"findings": rows, "partitions": findings.getNumPartitions(), "seconds": seconds},
        f,
        ensure_ascii=False,
    )
spark.stop()
