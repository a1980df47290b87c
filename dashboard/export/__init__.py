"""Everything that leaves the app as a file: the one home of export code.

- `labels`: what every export carries (title, scope and window, unit, source and as-of, demo label);
- `tables`: CSV and XLSX (labelled, with a definitions sheet; text made inert);
- `images`: labelled chart images through kaleido (PNG, SVG, PDF);
- `static_map`: the Resolution 57 map as a plotly figure (the pydeck map cannot be drawn server-side);
- `briefing`: the briefing pack's content, gathered from the named queries;
- `slides`, `pdf`: the pack as PowerPoint (native charts and tables) and PDF; the one-page profile;
- `cli` / `python -m dashboard.export brief …`: the monthly job.

Pure: no Streamlit anywhere in this package (dashboard.ui offers these files on the pages).
"""
from dashboard.export.images import ChromeMissing, chrome_available, figure_image, labelled, start_kaleido
from dashboard.export.labels import Labels
from dashboard.export.tables import file_name, inert, number_format, table_csv, table_xlsx

__all__ = ["ChromeMissing", "Labels", "chrome_available", "figure_image", "file_name", "inert", "labelled",
           "number_format", "start_kaleido", "table_csv", "table_xlsx"]
