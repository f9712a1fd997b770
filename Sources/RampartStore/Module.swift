// RampartStore: under construction in this session.
