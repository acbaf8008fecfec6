"""Report renderers: DOCX and XLSX documents built from plain data."""
