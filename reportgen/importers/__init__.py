"""Importing published reports: each input kind read into a common document (read_*), its
format recognised (detect), its tables read against the format description (tables), its
prose placed by the description's headings (sections), and a year file written (yearfile).
:func:`reportgen.importers.report.import_report` is the entry point."""
