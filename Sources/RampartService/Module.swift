// RampartService: under construction in this session.
