"""The one compiled part of arb-pipeline: the venue clients' reader and applier of their usual
frames (docs/streamer.md#the-compiled-book-change). Everything else is in pyproject.toml.

The extension is optional: where it cannot be built (no C compiler, no Python headers) the
install goes on without it and the clients read and apply every frame in Python, with the same
results; ``arb_pipeline.venues.hot_frames.COMPILED`` says which path is in use.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "arb_pipeline.venues._hot_frames",
            sources=["arb_pipeline/venues/hot_frames.c"],
            depends=["arb_pipeline/venues/hot_json.h", "arb_pipeline/venues/hot_polymarket.h", "arb_pipeline/venues/hot_batch.h"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
