"""Rendering a pack: run the chapters in kernels, cache, publish safely, export HTML and PDF."""
