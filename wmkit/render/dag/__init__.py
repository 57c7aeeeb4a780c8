"""The DAG drawing: model, layout, SVG."""
