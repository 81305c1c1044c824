"""Rule packs, one folder per regulation: pack.yaml, source.txt, examples.yaml."""
