"""Benchmarks: a synthetic nation of plans (:mod:`benchmarks.generate`) and the timed
build (:mod:`benchmarks.bench`, run by ``nox -s bench``)."""
