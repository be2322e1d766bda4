"""The benchmark: a client of the apps, not part of the product (``make bench``,
``python -m benchmarks --youths N``). Never imported by chance, cases, placements or services."""
