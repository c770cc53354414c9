"""Reading the inputs: bundled data, the catalogue, the layers, scenarios, and suitability."""
