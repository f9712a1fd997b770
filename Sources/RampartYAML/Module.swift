// RampartYAML: under construction in this session.
