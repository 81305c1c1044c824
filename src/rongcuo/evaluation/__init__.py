"""Case-file evaluation (案卷评查): the county's rules as a pure core (rules.py) and its standards as data."""
