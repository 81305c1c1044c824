"""The enforcement ledger (行政执法台账): import from agencies' .xlsx/.csv, export, and what statistics read."""
