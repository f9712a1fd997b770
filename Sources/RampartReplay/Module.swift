// RampartReplay: under construction in this session.
