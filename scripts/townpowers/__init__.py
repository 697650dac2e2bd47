"""townpowers: the 双十镇精准定向赋权 knowledge base (catalog model, checks, site generation)."""

__version__ = "0.1.0"
