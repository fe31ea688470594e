from arb_pipeline_tests.warehouse.conftest import embedded_home, warehouse_engine, warehouse_schema  # noqa: F401
