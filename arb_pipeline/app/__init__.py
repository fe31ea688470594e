"""What the ``arb-pipeline`` command runs that is not Dagster: matching evaluation and the review
queue, each a plain module over the domain, the venue parsers and the warehouse."""
