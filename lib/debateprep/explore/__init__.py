"""The interactive explorer and the Voilà server that shows it."""
