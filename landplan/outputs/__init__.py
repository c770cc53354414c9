"""What landplan writes: the run folder (its files are a contract), and the folders of sweeps,
explorations and comparisons. Every folder is written all at once or not at all."""
