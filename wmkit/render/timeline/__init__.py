"""The timeline drawing: lanes, bands, SVG."""
