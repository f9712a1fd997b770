// RampartJSON: under construction in this session.
