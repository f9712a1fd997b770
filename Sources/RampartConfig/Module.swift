// RampartConfig: under construction in this session.
