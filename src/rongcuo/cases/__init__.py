"""The case (容错纠错案件) and its procedure: 立案、核实、认定、反馈、纠错、归档."""
