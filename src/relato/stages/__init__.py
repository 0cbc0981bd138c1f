"""Pipeline stages: each module has one job and reads or fills an `Analysis`."""
