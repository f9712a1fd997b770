// RampartExecution: under construction in this session.
