"""Writers turn rendered content markup into output file bytes, one module per output type."""
